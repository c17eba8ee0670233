using MetaDsl.Training;

namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of a <c>train</c> command.</summary>
/// <param name="Recorded">The options a checkpoint records so that <c>--resume</c> can continue the run with them (key: <c>run.</c> and the option name without dashes).</param>
internal sealed record TrainSettings(
    MetaAlgorithmDefinition Algorithm,
    int Steps,
    int MetaBatch,
    int InnerSteps,
    int BootstrapSteps,
    MetaDsl.Meta.BootstrapMatching BootstrapMatching,
    int[] QuerySteps,
    double InnerLearningRate,
    double OuterLearningRate,
    double? Clip,
    int Shots,
    int[] EvaluationShots,
    int EvaluationTasks,
    int Seed,
    int Threads,
    string Device,
    string Output,
    string? Plot,
    string? Json,
    int? CheckpointEvery,
    string? Resume,
    DataSettings Data,
    IReadOnlyDictionary<string, string> Recorded);
