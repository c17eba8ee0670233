namespace MetaDsl.Checkpoints;

/// <summary>What a checkpoint records besides theta.</summary>
/// <param name="Learner">The learner's name (loading into another learner is refused).</param>
/// <param name="Algorithm">The meta-learning algorithm that produced it, e.g. "Maml".</param>
/// <param name="Step">The outer step it was taken at.</param>
/// <param name="Seed">The run's seed.</param>
public sealed record CheckpointMetadata(string Learner, string Algorithm, long Step, long Seed);
