using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Tests.Meta.Fixtures;
using MetaDsl.Training;
using Xunit.Abstractions;
using LearnerData = MetaDsl.Tests.Derivatives.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>
/// NPBML: the initialization, the warp layers (not adapted, so they precondition), the FiLMs and the learned loss all
/// get the exact meta-gradient of the [MetaLoss] after K steps on the learned loss, against central finite differences
/// of that meta-objective in double; learners without a learned part are refused by name.
/// </summary>
public class NpbmlTests(ITestOutputHelper output)
{
    private const int Steps = 2;
    private const double Alpha = 0.1;

    [Fact]
    public void TheSineMetaGradientMatchesFiniteDifferences() => Agree<NpbmlSineMlp>(30);

    [Fact]
    public void TheClassifierMetaGradientMatchesFiniteDifferences() => Agree<NpbmlGaussianClassifier>(31);

    [Fact]
    public void ALearnerWithoutALearnedPartIsRefusedByName()
    {
        var definition = MetaAlgorithms.Find("npbml");
        Assert.Contains("SineMlp has none", definition.Unsuitable(SineMlp.Info));
        Assert.Contains("[MetaLoss]", definition.Unsuitable(Learners.WeightedLossLearner.Info));
        Assert.Null(definition.Unsuitable(NpbmlSineMlp.Info));
        Assert.Equal("npbml", MetaAlgorithms.Create<NpbmlSineMlp, double>("npbml", new MetaAlgorithmSettings()).Name);
    }

    private void Agree<L>(int seed) where L : ILearner<L>
    {
        var task = new MetaTask<double>(LearnerData.Batch(L.Info.Inputs, seed, rows: 6), LearnerData.Batch(L.Info.Inputs, seed + 1000, rows: 8));
        // The learner's own initializer, lightly perturbed so that no derivative vanishes by symmetry (the derivative
        // suite's heavier perturbation drives the FiLM-modulated 40-wide layers to losses of 1e4, where two steps kill every unit).
        var parameters = Numerics.Theta<L>(seed);
        var rng = new SplitMix64((ulong)seed);
        for (int i = 0; i < parameters.Length; i++) parameters[i] += 0.05 * rng.NextGaussian();
        var npbml = MetaAlgorithms.Create<L, double>("npbml", new MetaAlgorithmSettings { InnerSteps = Steps, InnerLearningRate = Alpha });
        var gradient = new double[parameters.Length];
        double loss = npbml.MetaGradient(parameters, [task], gradient);

        var rates = Enumerable.Repeat(Alpha, Steps).ToArray();
        double MetaObjective(double[] p) => L.MetaLoss<double>(Numerics.Adapt<L>(p, task.Support, rates), task.Query);
        Assert.Equal(MetaObjective(parameters), loss, 1e-13);
        // Every 23rd entry (and each tensor's first) keeps the 15,069-entry sine learner's differences quick; the stride
        // is prime to every tensor size, so each tensor is sampled at many positions.
        int[] sample = [.. Enumerable.Range(0, parameters.Length).Where(i => i % 23 == 0 || L.Info.Parameters.Any(p => p.Offset == i))];
        var expected = sample.Select(i => Numerics.Derivative(MetaObjective, parameters, i, h: 1e-6)).ToArray();
        var exact = sample.Select(i => gradient[i]).ToArray();
        double largestMeta = sample.Select((i, k) => Numerics.IsMeta<L>(i) ? Math.Abs(expected[k]) : 0).Max();
        Assert.True(largestMeta > 1e-6, $"the sampled meta-parameters' gradients are all below 1e-6 (largest {largestMeta:E2})");
        double error = Numerics.RelativeError(exact, expected);
        output.WriteLine($"NPBML on {typeof(L).Name}, K = {Steps}: relative error {error:E2} over {sample.Length} entries (largest meta-parameter gradient {largestMeta:E2})");
        Assert.InRange(error, 0, 1e-6);
    }
}
