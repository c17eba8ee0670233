using MetaDsl.LearnedOptimizers;
using MetaDsl.Learners;
using Xunit;

namespace MetaDsl.Tests.LearnedOptimizers;

public sealed class LearnedOptimizerTests
{
    [Fact]
    public void ANetworkWithOnlyAnOutputBiasStepsEveryParameterByItsDirectionAndMagnitude()
    {
        var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
        var b3 = MlpLearnedOptimizer.Info["B3"];
        phi[b3.Offset] = 0.7;
        phi[b3.Offset + 1] = 300.0;
        var optimizer = new LearnedOptimizer<MlpLearnedOptimizer, double>(phi, SineMlp.Info, learningRate: 0.01);
        var theta = new double[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<double>(theta, seed: 3);
        var before = (double[])theta.Clone();
        var gradient = Enumerable.Range(0, theta.Length).Select(i => Math.Sin(i)).ToArray();

        optimizer.Step(theta, gradient);

        double step = 0.7 * Math.Exp(300.0 * LearnedOptimizer<MlpLearnedOptimizer, double>.MagnitudeScale) * 0.01;
        for (int i = 0; i < theta.Length; i++) Assert.Equal(before[i] - step, theta[i], 1e-15);
        Assert.Equal(1, optimizer.Steps);
        optimizer.Reset();
        Assert.Equal(0, optimizer.Steps);
    }

    [Fact]
    public void FeaturesFollowTheMomentsAndAreNormalisedPerTensor()
    {
        int[] ends = [2, 5];
        var theta = new double[] { 1, -2, 3, 0.5, -0.5 };
        var gradient = new double[] { 0.1, 0.2, -3, 4, 5 };
        var state = new double[OptimizerFeatures.StateLength(5)];
        var features = new double[5 * OptimizerFeatures.TemporalCount];
        OptimizerFeatures.Write<double>(theta, gradient, state, ends, 0.25, OptimizerFeatures.TemporalCount, features);
        OptimizerFeatures.Write<double>(theta, gradient, state, ends, 0.5, OptimizerFeatures.TemporalCount, features);

        Assert.Equal(2, OptimizerFeatures.Steps<double>(state));
        // Momentum at decay 0.5 after two equal gradients: 0.5·0.5g + 0.5g = 0.75g.
        Assert.Equal(0.75 * 4, state[3], 1e-12);
        double Column(int row, int c) => features[row * OptimizerFeatures.TemporalCount + c];
        foreach (var (start, end) in new[] { (0, 2), (2, 5) })
            for (int c = 0; c < 9; c++)
            {
                double meanSquare = Enumerable.Range(start, end - start).Average(i => Column(i, c) * Column(i, c));
                Assert.Equal(1.0, meanSquare, 1e-9);
            }
        // Gradient column keeps its signs and ratios within a tensor.
        Assert.Equal(-3.0 / 4.0, Column(2, 1) / Column(3, 1), 1e-12);
        Assert.Equal(Math.Tanh(2 / 3.0), Column(0, 10), 1e-15);
        Assert.Equal(0.5, Column(4, 18));
    }

    [Fact]
    public void TheTemporalVariantSeesTheFractionOfItsHorizon()
    {
        var phi = new double[TemporalMlpLearnedOptimizer.Info.ParameterCount];
        TemporalMlpLearnedOptimizer.Initialize<double>(phi, seed: 1);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedOptimizer<TemporalMlpLearnedOptimizer, double>(phi, SineMlp.Info)).ParamName);

        // The same state and gradients, two horizons: only the fraction differs, so the steps do.
        double[] After(int horizon)
        {
            var optimizer = new LearnedOptimizer<TemporalMlpLearnedOptimizer, double>(phi, SineMlp.Info, horizon);
            var theta = new double[SineMlp.Info.ParameterCount];
            SineMlp.Initialize<double>(theta, seed: 2);
            var gradient = Enumerable.Range(0, theta.Length).Select(i => Math.Cos(i)).ToArray();
            for (int s = 0; s < 3; s++) optimizer.Step(theta, gradient);
            return theta;
        }

        Assert.NotEqual(After(4), After(400));
    }

    [Fact]
    public void ANetworkOfTheWrongShapeIsRefusedByName()
    {
        var phi = new double[SineMlp.Info.ParameterCount];
        var error = Assert.Throws<ArgumentException>(() => new LearnedOptimizer<SineMlp, double>(phi, [phi.Length]));
        Assert.Contains("SineMlp cannot be a learned optimizer", error.Message);
        Assert.Contains("phi", Assert.Throws<ArgumentException>(() => new LearnedOptimizer<MlpLearnedOptimizer, double>(new double[3], [3])).Message);
    }
}
