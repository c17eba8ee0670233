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
        var features = new double[5 * OptimizerFeatures.Count];
        var time = new double[OptimizerFeatures.TemporalTimeCount];
        OptimizerFeatures.Write<double>(theta, gradient, state, ends, 0.25, features, time);
        OptimizerFeatures.Write<double>(theta, gradient, state, ends, 0.5, features, time);

        Assert.Equal(2, OptimizerFeatures.Steps<double>(state));
        // Momentum at decay 0.5 after two equal gradients: 0.5·0.5g + 0.5g = 0.75g.
        Assert.Equal(0.75 * 4, state[3], 1e-12);
        double Column(int row, int c) => features[row * OptimizerFeatures.Count + c];
        foreach (var (start, end) in new[] { (0, 2), (2, 5) })
            for (int c = 0; c < 9; c++)
            {
                double meanSquare = Enumerable.Range(start, end - start).Average(i => Column(i, c) * Column(i, c));
                Assert.Equal(1.0, meanSquare, 1e-9);
            }
        // Gradient column keeps its signs and ratios within a tensor.
        Assert.Equal(-3.0 / 4.0, Column(2, 1) / Column(3, 1), 1e-12);
        Assert.Equal(Math.Tanh(2 / 3.0), time[1], 1e-15);
        Assert.Equal(0.5, time[9]);
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
    public void TheSharedRowIsLearnedOptimizationsFirstLayerOverEveryInputAtOnce()
    {
        // The network on (features, time) is one layer over [features, time] tiled per row, weights [W1; W1Time].
        const int n = 11, columns = OptimizerFeatures.Count, shared = OptimizerFeatures.TimeCount, hidden = 32;
        var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<double>(phi, seed: 4);
        var rng = new Random(6);
        for (int j = 0; j < phi.Length; j++) phi[j] += 0.1 * (rng.NextDouble() - 0.5);
        var features = Enumerable.Range(0, n * columns).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var time = Enumerable.Range(0, shared).Select(_ => rng.NextDouble()).ToArray();
        var output = new double[2 * n];
        MlpLearnedOptimizer.Predict<double>(phi, LearnedStepBatch(features, time), output);

        double[] W(string name) => phi.AsSpan(MlpLearnedOptimizer.Info[name].Offset, MlpLearnedOptimizer.Info[name].Size).ToArray();
        var stacked = W("W1").Concat(W("W1Time")).ToArray();
        for (int i = 0; i < n; i++)
        {
            var input = features.Skip(i * columns).Take(columns).Concat(time).ToArray();
            var h1 = Dense(input, stacked, W("B1"), hidden, relu: true);
            var h2 = Dense(h1, W("W2"), W("B2"), hidden, relu: true);
            var y = Dense(h2, W("W3"), W("B3"), 2, relu: false);
            Assert.Equal(y[0], output[2 * i], 1e-14);
            Assert.Equal(y[1], output[2 * i + 1], 1e-14);
        }
    }

    [Fact]
    public void FloatStepsMoveEachParameterByItsOwnOutputs()
    {
        // 1761 parameters: whole groups of eight and a remainder; a swapped lane would move a parameter by another's step.
        var phi = new float[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<float>(phi, seed: 9);
        var b3 = MlpLearnedOptimizer.Info["B3"];
        phi[b3.Offset + 1] = 200f;
        var optimizer = new LearnedOptimizer<MlpLearnedOptimizer, float>(phi, SineMlp.Info, learningRate: 0.01f);
        var theta = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(theta, seed: 3);
        var gradient = Enumerable.Range(0, theta.Length).Select(i => (float)Math.Sin(0.37 * i)).ToArray();

        // The network's outputs for this step, from the same features the optimizer will write.
        var state = new float[OptimizerFeatures.StateLength(theta.Length)];
        var features = new float[theta.Length * OptimizerFeatures.Count];
        var time = new float[OptimizerFeatures.TimeCount];
        OptimizerFeatures.Write<float>(theta, gradient, state, SineMlp.Info.Parameters.Select(p => p.Offset + p.Size).ToArray(), 0, features, time);
        var outputs = new float[2 * theta.Length];
        MlpLearnedOptimizer.Predict<float>(phi, LearnedStepBatch(features, time), outputs);
        var before = (float[])theta.Clone();

        optimizer.Step(theta, gradient);

        for (int i = 0; i < theta.Length; i++)
        {
            double step = outputs[2 * i] * Math.Exp(outputs[2 * i + 1] * LearnedOptimizer<MlpLearnedOptimizer, float>.MagnitudeScale) * 0.01;
            Assert.True(Math.Abs(before[i] - step - theta[i]) <= 1e-6 * (1 + Math.Abs(theta[i])), $"parameter {i}: {theta[i]}, expected {before[i] - step}");
        }
    }

    private static Batch<T> LearnedStepBatch<T>(T[] features, T[] time) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new(new Tensor<T>(features, features.Length / OptimizerFeatures.Count, OptimizerFeatures.Count), new Tensor<T>(time, 1, time.Length));

    private static double[] Dense(double[] x, double[] w, double[] b, int outputs, bool relu)
    {
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = b[o];
            for (int k = 0; k < x.Length; k++) sum += x[k] * w[k * outputs + o];
            y[o] = relu ? Math.Max(0, sum) : sum;
        }
        return y;
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
