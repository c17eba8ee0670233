using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using MetaDsl.Training;
using Xunit.Abstractions;
using LearnerData = MetaDsl.Tests.Derivatives.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>
/// Bootstrapped meta-learning: the matching loss to a target L inner steps and one query step beyond θ_K, with no
/// gradient through the target, differentiated through the K inner steps; against central finite differences in double.
/// </summary>
public class BmgTests(ITestOutputHelper output)
{
    private const double Alpha = 0.2;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 4)]
    [InlineData(3, 2)]
    public void TheMetaGradientMatchesFiniteDifferencesOfTheMatchingLossWithTheTargetHeld(int steps, int bootstrap) =>
        MatchesFiniteDifferences<TanhNet>(steps, bootstrap);

    [Fact]
    public void TheMetaParametersGetTheirMetaGradientThroughTheMixedProduct() =>
        MatchesFiniteDifferences<LearnedLossRegressor>(2, 3);

    [Fact]
    public void ALearnedUpdateRuleGetsItsMetaGradientToo() =>
        MatchesFiniteDifferences<MetaDsl.Learners.NpbmlGaussianClassifier>(1, 3);

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 0)]
    public void TheKlMatchingMetaGradientMatchesFiniteDifferencesWithTheTargetHeld(int steps, int bootstrap)
    {
        var task = new MetaTask<double>(LearnerData.Batch(SoftmaxClassifier.Info.Inputs, 80 + steps, rows: 6), LearnerData.Batch(SoftmaxClassifier.Info.Inputs, 1080 + steps, rows: 8));
        var theta = LearnerData.Theta<SoftmaxClassifier>(9);
        var bmg = new Maml<SoftmaxClassifier, double>(new MamlOptions { InnerSteps = steps, InnerLearningRate = Alpha, BootstrapSteps = bootstrap, BootstrapMatching = BootstrapMatching.KullbackLeibler });
        var gradient = new double[theta.Length];
        double loss = bmg.MetaGradient(theta, task, gradient);

        var rates = Enumerable.Repeat(Alpha, steps).ToArray();
        var target = Target<SoftmaxClassifier>(theta, task, rates, bootstrap);
        var forward = new Batch<double>(task.Query[0]);
        double[] Probabilities(double[] p)
        {
            var logits = new double[8 * 3];
            SoftmaxClassifier.Predict<double>(p, forward, logits);
            for (int i = 0; i < 8; i++)
            {
                var row = logits.AsSpan(i * 3, 3);
                double max = row.ToArray().Max(), sum = row.ToArray().Sum(z => Math.Exp(z - max));
                for (int c = 0; c < 3; c++) row[c] = Math.Exp(row[c] - max) / sum;
            }
            return logits;
        }
        var targetProbabilities = Probabilities(target);
        double Divergence(double[] p)
        {
            var model = Probabilities(Numerics.Adapt<SoftmaxClassifier>(p, task.Support, rates));
            return targetProbabilities.Zip(model, (t, m) => t * (Math.Log(t) - Math.Log(m))).Sum() / 8;
        }
        Assert.Equal(Divergence(theta), loss, 1e-13);
        var expected = Numerics.Gradient(Divergence, theta, h: 1e-6);
        double error = Numerics.RelativeError(gradient, expected);
        output.WriteLine($"SoftmaxClassifier, KL, K = {steps}, L = {bootstrap}: relative error {error:E2}");
        Assert.InRange(error, 0, 1e-6);
    }

    [Fact]
    public void BmgIsRegisteredAndRefusesWhatItDoesNotDo()
    {
        var bmg = MetaAlgorithms.Create<TanhNet, double>("bmg", new MetaAlgorithmSettings { InnerSteps = 2, BootstrapSteps = 3 });
        Assert.Equal("bmg", bmg.Name);
        Assert.Equal(3, ((Maml<TanhNet, double>)bmg).Options.BootstrapSteps);
        Assert.Throws<ArgumentException>(() => MetaAlgorithms.Create<TanhNet, double>("bmg", new MetaAlgorithmSettings { InnerSteps = 1, QueryLossWeights = [0.5, 0.5] }));
        Assert.Throws<ArgumentException>(() => new Maml<TanhNet, double>(new MamlOptions { InnerSteps = 1, QueryLossWeights = [0.5, 0.5], BootstrapSteps = 1 }));
    }

    private void MatchesFiniteDifferences<TLearner>(int steps, int bootstrap) where TLearner : ILearner<TLearner>
    {
        var task = new MetaTask<double>(LearnerData.Batch(TLearner.Info.Inputs, 70 + steps, rows: 6), LearnerData.Batch(TLearner.Info.Inputs, 1070 + steps, rows: 8));
        var theta = LearnerData.Theta<TLearner>(8);
        var bmg = new Maml<TLearner, double>(new MamlOptions { InnerSteps = steps, InnerLearningRate = Alpha, BootstrapSteps = bootstrap });
        var gradient = new double[theta.Length];
        double loss = bmg.MetaGradient(theta, task, gradient);

        var rates = Enumerable.Repeat(Alpha, steps).ToArray();
        var target = Target<TLearner>(theta, task, rates, bootstrap);
        double Matching(double[] p)
        {
            var adapted = Numerics.Adapt<TLearner>(p, task.Support, rates);
            return 0.5 * adapted.Zip(target, (a, t) => (a - t) * (a - t)).Sum();
        }
        Assert.Equal(Matching(theta), loss, 1e-13);
        var expected = Numerics.Gradient(Matching, theta, h: 1e-6);
        double error = Numerics.RelativeError(gradient, expected);
        output.WriteLine($"{TLearner.Info.Name}, K = {steps}, L = {bootstrap}: relative error {error:E2}");
        Assert.InRange(error, 0, 1e-6);
    }

    // θ̃: K and then L plain inner steps, and one step on the query's meta-loss.
    private static double[] Target<TLearner>(double[] theta, MetaTask<double> task, double[] rates, int bootstrap) where TLearner : ILearner<TLearner>
    {
        var target = Numerics.Adapt<TLearner>(Numerics.Adapt<TLearner>(theta, task.Support, rates), task.Support, Enumerable.Repeat(Alpha, bootstrap).ToArray());
        var queryGradient = new double[theta.Length];
        TLearner.MetaLossGradient<double>(target, task.Query, queryGradient);
        for (int i = 0; i < target.Length; i++)
            if (!Numerics.IsMeta<TLearner>(i)) target[i] -= Alpha * queryGradient[i];
        return target;
    }
}
