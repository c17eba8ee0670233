namespace MetaDsl.Cli.Experiments;

/// <summary>The built-in experiments.</summary>
internal static class BuiltInExperiments
{
    /// <summary>Every experiment, in help order.</summary>
    public static IReadOnlyList<Experiment> All { get; } = [new SineExperiment(), new GaussianExperiment(), new OmniglotExperiment()];

    /// <summary>The experiment whose learner is called <paramref name="learner"/>, or null.</summary>
    public static Experiment? ForLearner(string learner) => All.FirstOrDefault(e => e.Learner == learner);
}
