namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train lopt</c>; <see cref="Estimator"/> is pes, es or tbptt.</summary>
/// <param name="Resume">The checkpoint whose meta-training to continue, if any.</param>
/// <param name="Recorded">The options a checkpoint records so that <c>--resume</c> can continue the run with them (key: <c>run.</c> and the option name without dashes).</param>
internal sealed record LoptSettings(
    string Target,
    string Estimator,
    bool Temporal,
    bool FromScratch,
    int Steps,
    int Pairs,
    double Sigma,
    int Truncation,
    int Horizon,
    double LearningRate,
    double OuterLearningRate,
    double? Clip,
    int EvaluationTasks,
    int Seed,
    int Threads,
    string Output,
    int? CheckpointEvery,
    string? Plot,
    string? Json,
    string? Data,
    string? Resume,
    IReadOnlyDictionary<string, string> Recorded);
