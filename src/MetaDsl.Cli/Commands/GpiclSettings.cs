namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train gpicl</c>.</summary>
/// <param name="Tasks">The sizes of the training task pools, each its own run, in the order given.</param>
/// <param name="Steps">Adam steps per pool size.</param>
/// <param name="MetaBatch">Sequences per step.</param>
/// <param name="OuterLearningRate">Adam's step size.</param>
/// <param name="Clip">The most Euclidean norm a step's gradient keeps.</param>
/// <param name="EvaluationSequences">Sequences scored on seen tasks, and as many on unseen ones.</param>
/// <param name="Seed">Seeds the initialization, the task pools and every sequence.</param>
/// <param name="Threads">Threads that share a meta-batch.</param>
/// <param name="Data">The folder of Fashion-MNIST's IDX files (null: Debian's).</param>
/// <param name="Plot">The SVG file to draw, if any.</param>
/// <param name="Json">The JSON file to write, if any.</param>
internal sealed record GpiclSettings(
    IReadOnlyList<int> Tasks,
    int Steps,
    int MetaBatch,
    double OuterLearningRate,
    double Clip,
    int EvaluationSequences,
    int Seed,
    int Threads,
    string? Data,
    string? Plot,
    string? Json);
