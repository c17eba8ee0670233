using MetaDsl.Training;

namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of a <c>train</c> command.</summary>
internal sealed record TrainSettings(
    MetaAlgorithmKind Algorithm,
    int Steps,
    int MetaBatch,
    int InnerSteps,
    int[] QuerySteps,
    double InnerLearningRate,
    double OuterLearningRate,
    double? Clip,
    int Shots,
    int[] EvaluationShots,
    int EvaluationTasks,
    int Seed,
    int Threads,
    string Output,
    string? Plot,
    string? Json,
    DataSettings Data);
