using MetaDsl.Tasks;

namespace MetaDsl.Cli.Experiments;

/// <summary>Where a learned optimizer's target tasks come from.</summary>
/// <param name="MetaTraining">Makes a sampler of meta-training tasks (one per thread; Adam's learning rate is also tuned on these).</param>
/// <param name="HeldOut">The sampler of held-out tasks the comparison is made on.</param>
/// <param name="Description">What a task is, for the run's first line.</param>
internal sealed record LoptTasks(Func<ITaskSampler<float>> MetaTraining, ITaskSampler<float> HeldOut, string Description);
