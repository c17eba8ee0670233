using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Tasks;
using LearnerData = MetaDsl.Tests.Derivatives.Fixtures;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

/// <summary>
/// The algorithms on learners the generator compiled (not hand-written fixtures), against central
/// finite differences of the meta-loss in double precision.
/// </summary>
public class GeneratedLearnerMetaTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void SecondOrderMamlOnTheSinusoidMlpMatchesFiniteDifferences(int steps)
        => CheckMaml<SineMlp>(steps, alpha: 0.01, seed: 50 + steps);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void SecondOrderMamlOnASoftmaxClassifierMatchesFiniteDifferences(int steps)
        => CheckMaml<SoftmaxClassifier>(steps, alpha: 0.1, seed: 60 + steps);

    /// <summary>A conv net with batch norm and max pooling in the inner loop: the meta-gradient runs H·v through Im2Col, Col2Im and argmax routing.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SecondOrderMamlOnATinyConvNetMatchesFiniteDifferences(int steps)
        => CheckMaml<TinyConvNet>(steps, alpha: 0.1, seed: 80 + steps);

    [Theory]
    [InlineData(MetaGradientOrder.Second)]
    [InlineData(MetaGradientOrder.First)]
    public void MultiStepQueryLossMatchesItsDefinition(MetaGradientOrder order)
    {
        double[] weights = [0.2, 0.5, 0, 0.3];
        const double alpha = 0.01;
        var task = Task<SineMlp>(75);
        var theta = LearnerData.Theta<SineMlp>(75);
        var maml = new Maml<SineMlp, double>(new MamlOptions { InnerSteps = 3, InnerLearningRate = alpha, Order = order, QueryLossWeights = weights });
        var gradient = new double[theta.Length];
        double loss = maml.MetaGradient(theta, task, gradient);

        var rates = Enumerable.Repeat(alpha, theta.Length).ToArray();
        double MetaLoss(double[] t) => Enumerable.Range(0, weights.Length).Sum(k => weights[k] * SineMlp.Loss<double>(Repeat<SineMlp>(t, k, rates, task.Support), task.Query));
        Assert.Equal(MetaLoss(theta), loss, 12);
        double[] expected;
        if (order == MetaGradientOrder.Second)
            expected = Numerics.Gradient(MetaLoss, theta, h: 1e-6);
        else
        {
            // First order drops every Hessian term: the weighted sum of query gradients at the iterates.
            expected = new double[theta.Length];
            var g = new double[theta.Length];
            for (int k = 0; k < weights.Length; k++)
            {
                SineMlp.Gradient<double>(Repeat<SineMlp>(theta, k, rates, task.Support), task.Query, g);
                for (int i = 0; i < g.Length; i++) expected[i] += weights[k] * g[i];
            }
        }
        Report($"MAML {order} with query losses after steps 0, 1 and 3", Numerics.RelativeError(gradient, expected), order == MetaGradientOrder.Second ? 1e-6 : 1e-12);
    }

    [Fact]
    public void MetaSgdLearningRateGradientOnTheSinusoidMlpMatchesFiniteDifferences()
    {
        var task = Task<SineMlp>(70);
        var theta = LearnerData.Theta<SineMlp>(70);
        var rates = Enumerable.Range(0, theta.Length).Select(i => 0.005 + 0.01 * ((i * 7919) % 100) / 100.0).ToArray();
        var metaSgd = new MetaSgd<SineMlp, double>(new MetaSgdOptions { InnerSteps = 2 });
        var thetaGradient = new double[theta.Length];
        var rateGradient = new double[theta.Length];
        metaSgd.MetaGradient(theta, rates, task, thetaGradient, rateGradient);

        var expected = Numerics.Gradient(r => SineMlp.Loss<double>(Repeat<SineMlp>(theta, 2, r, task.Support), task.Query), rates);
        Report("Meta-SGD d/dalpha, SineMlp, K = 2", Numerics.RelativeError(rateGradient, expected), 1e-6);
    }

    [Fact]
    public void ImplicitMamlOnAGeneratedRidgeLearnerMatchesTheClosedForm()
    {
        const double lambda = 1.5;
        var task = Task<RidgeRegression>(80);
        var theta = LearnerData.Theta<RidgeRegression>(80);
        var imaml = new ImplicitMaml<RidgeRegression, double>(new ImplicitMamlOptions
        {
            Regularization = lambda, InnerSteps = 5000, InnerLearningRate = 0.1, InnerTolerance = 1e-13,
            ConjugateGradientIterations = 20, ConjugateGradientTolerance = 1e-13,
        });
        var gradient = new double[theta.Length];
        imaml.MetaGradient(theta, task, gradient);
        var expected = Numerics.Gradient(t => RidgeRegression.Loss<double>(ImplicitMamlTests.Ridge(t, task.Support, lambda), task.Query), theta);
        Report("iMAML, generated ridge learner", Numerics.RelativeError(gradient, expected), 1e-4);
    }

    private void CheckMaml<L>(int steps, double alpha, int seed) where L : ILearner<L>
    {
        var task = Task<L>(seed);
        var theta = LearnerData.Theta<L>(seed);
        var maml = new Maml<L, double>(new MamlOptions { InnerSteps = steps, InnerLearningRate = alpha, Order = MetaGradientOrder.Second });
        var gradient = new double[theta.Length];
        maml.MetaGradient(theta, task, gradient);
        var rates = Enumerable.Repeat(alpha, theta.Length).ToArray();
        // A ReLU net's meta-loss has kinks wherever a pre-activation of any inner step crosses zero;
        // with five inner steps a 1e-5 difference step crosses one (error 3e-3), a 1e-6 step does not
        // (error 2e-9), and its rounding error is still far below the tolerance.
        var expected = Numerics.Gradient(t => L.Loss<double>(Repeat<L>(t, steps, rates, task.Support), task.Query), theta, h: 1e-6);
        Report($"MAML second order, {typeof(L).Name}, K = {steps}", Numerics.RelativeError(gradient, expected), 1e-6);
    }

    /// <summary>K plain gradient steps with per-parameter rates, written out independently of the algorithms.</summary>
    private static double[] Repeat<L>(double[] theta, int steps, double[] rates, Batch<double> support) where L : ILearner<L>
    {
        var x = (double[])theta.Clone();
        var g = new double[x.Length];
        for (int k = 0; k < steps; k++)
        {
            L.Gradient<double>(x, support, g);
            for (int i = 0; i < x.Length; i++) x[i] -= rates[i] * g[i];
        }
        return x;
    }

    private static MetaTask<double> Task<L>(int seed) where L : ILearner<L>
        => new(LearnerData.Batch(L.Info.Inputs, seed, rows: 6), LearnerData.Batch(L.Info.Inputs, seed + 1000, rows: 8));

    private void Report(string what, double error, double tolerance)
    {
        output.WriteLine($"{what}: relative error {error:E2}");
        Assert.InRange(error, 0, tolerance);
    }
}
