using MetaDsl.LearnedOptimizers;
using MetaDsl.Learners;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using Xunit;

namespace MetaDsl.Tests.LearnedOptimizers;

/// <summary>The warm start that teaches a fresh learned optimizer to step along Adam's direction.</summary>
public sealed class AdamImitationTests
{
    private const int Horizon = 30;
    private const double LearningRate = 0.01;

    [Fact]
    public void TheFittedOptimizerFollowsAdamsDirectionAndTrainsWhereAFreshOneBarelyMoves()
    {
        var fresh = new double[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<double>(fresh, seed: 2);
        var fitted = (double[])fresh.Clone();

        double error = AdamImitation<TinySineNet, MlpLearnedOptimizer, double>.Fit(fitted, new SinusoidSampler<double>(10, 10), runs: 4, Horizon, LearningRate, fitSteps: 300, fitLearningRate: 3e-3, seed: 7);

        // The direction column is normalised to unit mean square over each tensor: an error of 0.02 leaves ~98 % of it explained.
        Assert.True(error < 0.02, $"the fit's squared error is {error}");
        double freshLoss = FinalLoss(fresh), fittedLoss = FinalLoss(fitted), start = FinalLoss(fresh, steps: 0);
        Assert.True(fittedLoss < 0.7 * start, $"the fitted optimizer took the loss from {start} to {fittedLoss}");
        Assert.True(fittedLoss < freshLoss, $"fitted {fittedLoss}, fresh {freshLoss}");
    }

    [Fact]
    public void AFitIsAFunctionOfItsSeed()
    {
        double[] Fit(ulong seed)
        {
            var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
            MlpLearnedOptimizer.Initialize<double>(phi, seed: 2);
            AdamImitation<TinySineNet, MlpLearnedOptimizer, double>.Fit(phi, new SinusoidSampler<double>(10, 10), runs: 2, 10, LearningRate, fitSteps: 20, fitLearningRate: 3e-3, seed);
            return phi;
        }

        Assert.Equal(Fit(3), Fit(3));
        Assert.NotEqual(Fit(3), Fit(4));
    }

    /// <summary>The support loss of one sinusoid task after training TinySineNet with the optimizer.</summary>
    private static double FinalLoss(double[] phi, int steps = Horizon)
    {
        var sampler = new SinusoidSampler<double>(10, 10);
        var task = sampler.Allocate();
        var rng = new SplitMix64(99);
        sampler.Sample(ref rng, task);
        int n = TinySineNet.Info.ParameterCount;
        var losses = new double[steps + 1];
        IOptimizer<double> optimizer = new LearnedOptimizer<MlpLearnedOptimizer, double>(phi, TinySineNet.Info, learningRate: LearningRate);
        TrainingCurve<TinySineNet, double>.Run(optimizer, task, seed: 1, new double[n], new double[n], losses);
        return losses[^1];
    }
}
