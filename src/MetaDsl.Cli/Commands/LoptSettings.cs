namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train lopt</c>; <see cref="Estimator"/> is pes, es or tbptt.</summary>
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
    string? Data);
