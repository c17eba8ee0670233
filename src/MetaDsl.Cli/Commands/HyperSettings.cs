namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train hyper</c>; <see cref="Hypergradient"/> is neumann, cg or unrolled, <see cref="Device"/> cpu, cuda or ilgpu-cpu.</summary>
internal sealed record HyperSettings(
    string Hypergradient,
    int HyperSteps,
    int InnerSteps,
    double InnerLearningRate,
    double HyperLearningRate,
    int Terms,
    int TrainImages,
    int ValidationImages,
    int Seed,
    string Device,
    string Output,
    string? Plot,
    string? Json,
    string? Data);
