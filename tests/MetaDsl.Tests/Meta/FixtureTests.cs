using MetaDsl.Tests.Meta.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>The hand-written learners are the ground truth of every other test, so their derivatives are checked first.</summary>
public class FixtureTests
{
    [Fact]
    public void TanhMlpDerivativesMatchFiniteDifferences() =>
        CheckDerivatives<TanhMlp>(Numerics.Task(1, 1, 1, 7, 1, (x, _) => Math.Sin(x[0])).Support);

    [Fact]
    public void LinearRegressionDerivativesMatchFiniteDifferences() =>
        CheckDerivatives<LinearRegression>(Numerics.Task(2, 3, 1, 9, 1, (x, _) => x[0] - 2 * x[2]).Support);

    [Fact]
    public void WeightedTanhRegressionDerivativesMatchFiniteDifferences() =>
        CheckDerivatives<WeightedTanhRegression>(Numerics.Task(3, 2, 2, 6, 1, (x, j) => 0.5 * Math.Tanh(x[j])).Support);

    [Fact]
    public void FixturePullbacksMatchFiniteDifferences()
    {
        CheckPullback<TanhMlp>(Numerics.Task(7, 1, 1, 5, 1, (x, _) => Math.Sin(x[0])).Support);
        CheckPullback<LinearRegression>(Numerics.Task(8, 3, 1, 5, 1, (x, _) => x[0] - x[2]).Support);
        CheckPullback<WeightedTanhRegression>(Numerics.Task(9, 2, 2, 5, 1, (x, j) => x[j]).Support);
    }

    private static void CheckPullback<L>(Batch<double> support) where L : ILearner<L>
    {
        var inputs = new Batch<double>(support[0]);
        var theta = Numerics.Theta<L>(10);
        var rng = new SplitMix64(11);
        var cotangent = Enumerable.Range(0, L.Info.OutputLength(inputs)).Select(_ => rng.NextGaussian()).ToArray();
        var gradient = new double[theta.Length];
        L.PredictPullback<double>(theta, inputs, cotangent, gradient);
        var output = new double[cotangent.Length];
        var expected = Numerics.Gradient(t =>
        {
            L.Predict<double>(t, inputs, output);
            return output.Zip(cotangent, (o, c) => o * c).Sum();
        }, theta);
        Assert.True(Numerics.RelativeError(gradient, expected) < 1e-8, $"{typeof(L).Name}: relative error {Numerics.RelativeError(gradient, expected):E2}");
    }

    [Fact]
    public void MixedProductIsTheHessianOfTheMaskedDirection()
    {
        var batch = Numerics.Task(5, 2, 2, 6, 1, (x, j) => x[1 - j]).Support;
        var theta = Numerics.Theta<WeightedTanhRegression>(6);
        var v = Numerics.Theta<WeightedTanhRegression>(7);
        var masked = (double[])v.Clone();
        for (int i = 0; i < v.Length; i++) if (Numerics.IsMeta<WeightedTanhRegression>(i)) masked[i] = 0;
        var mixed = new double[v.Length];
        var full = new double[v.Length];
        WeightedTanhRegression.MixedProduct<double>(theta, batch, v, mixed);
        WeightedTanhRegression.HessianVectorProduct<double>(theta, batch, masked, full);
        Assert.True(Numerics.RelativeError(mixed, full) < 1e-14);
    }

    private static void CheckDerivatives<TLearner>(Batch<double> batch) where TLearner : ILearner<TLearner>
    {
        var theta = Numerics.Theta<TLearner>(11);
        var gradient = new double[theta.Length];
        double loss = TLearner.Gradient<double>(theta, batch, gradient);
        Assert.Equal(TLearner.Loss<double>(theta, batch), loss, 1e-14);
        Assert.True(Numerics.RelativeError(gradient, Numerics.Gradient(t => TLearner.Loss<double>(t, batch), theta)) < 1e-8);

        // H·v against the directional finite difference of the gradient.
        var v = Numerics.Theta<TLearner>(12);
        var hv = new double[theta.Length];
        TLearner.HessianVectorProduct<double>(theta, batch, v, hv);
        const double h = 1e-5;
        var plus = new double[theta.Length];
        var minus = new double[theta.Length];
        var probe = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++) probe[i] = theta[i] + h * v[i];
        TLearner.Gradient<double>(probe, batch, plus);
        for (int i = 0; i < theta.Length; i++) probe[i] = theta[i] - h * v[i];
        TLearner.Gradient<double>(probe, batch, minus);
        var fd = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++) fd[i] = (plus[i] - minus[i]) / (2 * h);
        Assert.True(Numerics.RelativeError(hv, fd) < 1e-8, $"H·v relative error {Numerics.RelativeError(hv, fd):E2}");
    }
}
