namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>evaluate</c>.</summary>
internal sealed record EvaluateSettings(string Checkpoint, int[]? EvaluationShots, int EvaluationTasks, double InnerLearningRate, string? Json);
