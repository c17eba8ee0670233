using MetaDsl.LearnedOptimizers;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using Xunit;

namespace MetaDsl.Tests.LearnedOptimizers;

/// <summary>One training run from scratch, as held-out targets are trained to judge an optimizer.</summary>
public sealed class TrainingCurveTests
{
    private static MetaTask<double> Task()
    {
        var sampler = new SinusoidSampler<double>(10, 20);
        var task = sampler.Allocate();
        var rng = new SplitMix64(9);
        sampler.Sample(ref rng, task);
        return task;
    }

    [Fact]
    public void TheCurveIsTheSupportLossBeforeEachStepAndTheQueryLossComesLast()
    {
        var task = Task();
        int n = TinySineNet.Info.ParameterCount;
        var theta = new double[n];
        var losses = new double[6];
        double query = TrainingCurve<TinySineNet, double>.Run(new Sgd<double>(n, 0.01), task, seed: 4, theta, new double[n], losses);

        var expected = new double[n];
        TinySineNet.Initialize<double>(expected, 4);
        var gradient = new double[n];
        for (int s = 0; s < 5; s++)
        {
            Assert.Equal(TinySineNet.Gradient<double>(expected, task.Support, gradient), losses[s]);
            for (int i = 0; i < n; i++) expected[i] -= 0.01 * gradient[i];
        }
        Assert.Equal(TinySineNet.Loss<double>(expected, task.Support), losses[5]);
        Assert.Equal(expected, theta);
        Assert.Equal(TinySineNet.Loss<double>(expected, task.Query), query);
        Assert.True(losses[5] < losses[0]);
    }

    [Fact]
    public void ADivergingRunIsInfiniteFromWhereItDiverged()
    {
        int n = TinySineNet.Info.ParameterCount;
        var losses = new double[400];
        double query = TrainingCurve<TinySineNet, double>.Run(new Sgd<double>(n, 50), Task(), seed: 4, new double[n], new double[n], losses);

        Assert.Equal(double.PositiveInfinity, query);
        int first = Array.FindIndex(losses, double.IsInfinity);
        Assert.True(first > 0, "the loss before training is finite");
        Assert.All(losses[first..], l => Assert.Equal(double.PositiveInfinity, l));
        Assert.All(losses[..first], l => Assert.True(double.IsFinite(l)));
    }
}
