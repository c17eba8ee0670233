namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train icl-gd</c>.</summary>
/// <param name="Layers">The layer counts to train, each its own run, in the order given.</param>
/// <param name="Steps">Adam steps per layer count.</param>
/// <param name="MetaBatch">Fresh tasks per step.</param>
/// <param name="OuterLearningRate">Adam's step size at the first step, decayed by a cosine to 0 at the last.</param>
/// <param name="Clip">The most Euclidean norm a step's gradient keeps.</param>
/// <param name="EvaluationTasks">Held-out tasks every method is scored on (and as many separate ones that pick GD's learning rate).</param>
/// <param name="Seed">Seeds the initialization and every task.</param>
/// <param name="Threads">Threads that share a meta-batch.</param>
/// <param name="Plot">The SVG file to draw, if any.</param>
/// <param name="Json">The JSON file to write, if any.</param>
/// <param name="Checkpoints">The folder to save each trained model into, if any.</param>
internal sealed record IclGdSettings(
    IReadOnlyList<int> Layers,
    int Steps,
    int MetaBatch,
    double OuterLearningRate,
    double Clip,
    int EvaluationTasks,
    int Seed,
    int Threads,
    string? Plot,
    string? Json,
    string? Checkpoints);
