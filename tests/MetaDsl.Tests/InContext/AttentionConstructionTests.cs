using MetaDsl.InContext;
using MetaDsl.Learners;

namespace MetaDsl.Tests.InContext;

/// <summary>
/// Von Oswald et al.'s constructed weights, run through the generated linear self-attention code in double:
/// one layer is exactly one gradient-descent step from w = 0 on the context's squared loss, and K layers are K steps.
/// </summary>
public sealed class AttentionConstructionTests
{
    private const int Tasks = 50;
    private const double LearningRate = 0.7;

    private static RegressionTaskSet<double> Draw(ulong seed)
    {
        var tasks = new RegressionTaskSet<double>(Tasks, 16);
        var rng = new SplitMix64(seed);
        tasks.Sample(ref rng);
        return tasks;
    }

    [Fact]
    public void OneConstructedLayerPredictsWhatOneGradientStepFromZeroDoes()
    {
        var tasks = Draw(1);
        var theta = new double[LinearSelfAttention1.Info.ParameterCount];
        AttentionConstruction.Write<LinearSelfAttention1, double>(theta, LearningRate);

        var outputs = AttentionOutputs.Of<LinearSelfAttention1, double>(theta, tasks);

        const int d = RegressionTokens.Dimension, width = RegressionTokens.Width, n = RegressionTokens.Context;
        for (int t = 0; t < Tasks; t++)
        {
            // The step written out: the gradient of 1/(2N) Σ (wᵀx_i − y_i)² at w = 0 is −1/N Σ y_i x_i.
            var tokens = tasks.Tokens(t);
            var w = new double[d];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) w[j] += LearningRate / n * tokens[i * width + RegressionTokens.Target] * tokens[i * width + j];
            double expected = 0;
            for (int j = 0; j < d; j++) expected += w[j] * tokens[RegressionTokens.Query * width + j];

            Assert.Equal(expected, outputs.Predictions[t], 1e-12);
            for (int j = 0; j < d; j++) Assert.Equal(w[j], outputs.Sensitivity(t)[j], 1e-12);
        }
    }

    [Fact]
    public void OneConstructedUpdateLeavesMinusThePredictionAtTheQueryAndTheResidualsInTheContext()
    {
        // The layer's update e_j ← e_j + W_PV (1/N) Σ_i e_i e_iᵀ W_KQ e_j, written with the eager ops on one
        // task: the query's y-slot goes from 0 to −ŷ, and each context token's from y_i to y_i − ŵᵀx_i,
        // which is what a second layer descends on.
        const int width = RegressionTokens.Width, n = RegressionTokens.Context;
        var tokens = Draw(2).Tokens(0).ToArray();
        var theta = new double[LinearSelfAttention1.Info.ParameterCount];
        AttentionConstruction.Write<LinearSelfAttention1, double>(theta, LearningRate);
        var keyQuery = new Tensor(theta[..(width * width)], width, width);
        var projectValue = new Tensor(theta[(width * width)..], width, width);
        var w = new double[RegressionTokens.Dimension];
        double prediction = ContextGradientDescent.Predict<double>(tokens, 1, LearningRate, w);

        var e = new Tensor(tokens, RegressionTokens.Count, width);
        var context = Ops.Slice(e, 0, 0, n);
        var covariance = Ops.MatMul(Ops.Transpose(context), context) * (1.0 / n);
        var updated = e + Ops.MatMul(Ops.MatMul(Ops.MatMul(e, Ops.Transpose(keyQuery)), covariance), Ops.Transpose(projectValue));

        Assert.Equal(-prediction, updated[RegressionTokens.Query, RegressionTokens.Target], 1e-12);
        for (int i = 0; i < n; i++)
        {
            double fitted = 0;
            for (int j = 0; j < w.Length; j++) fitted += w[j] * tokens[i * width + j];
            Assert.Equal(tokens[i * width + RegressionTokens.Target] - fitted, updated[i, RegressionTokens.Target], 1e-12);
            for (int j = 0; j < w.Length; j++) Assert.Equal(tokens[i * width + j], updated[i, j]);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void KConstructedLayersPredictWhatKGradientStepsDo(int layers)
    {
        var tasks = Draw(3);
        var outputs = layers == 2 ? Constructed<LinearSelfAttention2>(tasks) : Constructed<LinearSelfAttention3>(tasks);

        var descent = ContextGradientDescent.Outputs(tasks, layers, LearningRate);

        for (int t = 0; t < Tasks; t++)
        {
            Assert.Equal(descent.Predictions[t], outputs.Predictions[t], 1e-12);
            for (int j = 0; j < RegressionTokens.Dimension; j++) Assert.Equal(descent.Sensitivity(t)[j], outputs.Sensitivity(t)[j], 1e-12);
        }
        Assert.Equal(1, outputs.AlignWith(descent).SensitivityCosine, 1e-12);
    }

    [Fact]
    public void TheBestLearningRateIsTheGridsLeastError()
    {
        var tasks = Draw(4);
        double[] grid = [0.1, 0.5, 1, 1.5, 3];

        var (rate, mse) = ContextGradientDescent.BestLearningRate(tasks, 1, grid);

        Assert.Equal(grid.Min(r => ContextGradientDescent.Mse(tasks, 1, r)), mse);
        Assert.Equal(mse, ContextGradientDescent.Mse(tasks, 1, rate));
    }

    [Fact]
    public void GdPlusPlusWithoutCurvatureIsPlainGradientDescentAndItsCurvatureHelpsTwoSteps()
    {
        var tasks = Draw(5);
        double[] rates = ContextGradientDescent.LogGrid(0.3, 3, 10);

        var plain = AttentionConstruction.BestPlusPlus<LinearSelfAttention2, double>(tasks, rates, [0]);
        var corrected = AttentionConstruction.BestPlusPlus<LinearSelfAttention2, double>(tasks, rates, [0, 0.2, 0.4]);

        var (rate, mse) = ContextGradientDescent.BestLearningRate(tasks, 2, rates);
        Assert.Equal(rate, plain.LearningRate);
        Assert.Equal(mse, plain.Mse, 1e-12);
        Assert.True(corrected.Curvature > 0 && corrected.Mse < plain.Mse, $"GD++ {corrected} against GD {plain}");
    }

    private static QueryOutputs Constructed<TLearner>(RegressionTaskSet<double> tasks) where TLearner : ILearner<TLearner>
    {
        var theta = new double[TLearner.Info.ParameterCount];
        AttentionConstruction.Write<TLearner, double>(theta, LearningRate);
        return AttentionOutputs.Of<TLearner, double>(theta, tasks);
    }
}
