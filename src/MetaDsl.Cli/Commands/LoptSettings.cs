using MetaDsl.Evolution;

namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>train lopt</c>.</summary>
internal sealed record LoptSettings(
    string Target,
    EvolutionEstimator Estimator,
    bool Temporal,
    bool FromScratch,
    int Steps,
    int Pairs,
    double Sigma,
    int Truncation,
    int Horizon,
    double LearningRate,
    double OuterLearningRate,
    int EvaluationTasks,
    int Seed,
    int Threads,
    string Output,
    int? CheckpointEvery,
    string? Plot,
    string? Json,
    string? Data);
