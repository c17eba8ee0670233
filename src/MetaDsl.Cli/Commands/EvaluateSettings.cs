namespace MetaDsl.Cli.Commands;

/// <summary>The parsed options of <c>evaluate</c>.</summary>
/// <param name="Checkpoint">The checkpoint file.</param>
/// <param name="EvaluationShots">Support shots to evaluate; null for the experiment's default.</param>
/// <param name="EvaluationTasks">Held-out tasks per evaluation.</param>
/// <param name="InnerLearningRate">The fine-tuning step size; null for the experiment's training default.</param>
/// <param name="Json">Where to write the rows as JSON, if anywhere.</param>
/// <param name="Data">The image folder and options, for experiments that read images.</param>
/// <param name="Device">Where the held-out tasks adapt: cpu, cuda or ilgpu-cpu.</param>
internal sealed record EvaluateSettings(string Checkpoint, int[]? EvaluationShots, int EvaluationTasks, double? InnerLearningRate, string? Json, DataSettings Data, string Device);
