namespace MetaDsl.Cli.Experiments;

/// <summary>The built-in experiments.</summary>
internal static class BuiltInExperiments
{
    /// <summary>Every experiment, in help order; experiments sharing a name are one subcommand with <c>--learner</c>, the first its default.</summary>
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new SineExperiment<MetaDsl.Learners.SineMlp>("mlp"), new SineExperiment<MetaDsl.Learners.LearnedLossSineMlp>("learned-loss"),
        new SineExperiment<MetaDsl.Learners.NpbmlSineMlp>("npbml"),
        new GaussianExperiment<MetaDsl.Learners.GaussianClassifier>("mlp"), new GaussianExperiment<MetaDsl.Learners.LearnedLossGaussianClassifier>("learned-loss"),
        new GaussianExperiment<MetaDsl.Learners.NpbmlGaussianClassifier>("npbml"),
        new OmniglotExperiment<MetaDsl.Learners.Conv4Omniglot>("conv4"), new OmniglotExperiment<MetaDsl.Learners.MlpClassifier>("mlp"),
        new MiniImageNetExperiment(),
    ];

    /// <summary>The experiment whose learner is called <paramref name="learner"/>, or null.</summary>
    public static Experiment? ForLearner(string learner) => All.FirstOrDefault(e => e.Learner == learner);
}
