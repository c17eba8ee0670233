using MetaDsl.Optimizers;

namespace MetaDsl.Tests.Meta;

public class OptimizerTests
{
    [Fact]
    public void SgdStepsAgainstTheGradient()
    {
        double[] theta = [1, 2];
        new Sgd<double>(2, 0.1).Step(theta, [0.5, -1]);
        Assert.Equal([0.95, 2.1], theta);
    }

    [Fact]
    public void SgdMomentumAccumulatesVelocity()
    {
        double[] theta = [1, 2];
        var sgd = new Sgd<double>(2, 0.1, 0.9);
        sgd.Step(theta, [1, -2]);        // b = g = (1, −2)
        sgd.Step(theta, [0.5, 0.5]);     // b = 0.9·(1, −2) + (0.5, 0.5) = (1.4, −1.3)
        Assert.Equal(1 - 0.1 - 0.14, theta[0], 1e-15);
        Assert.Equal(2 + 0.2 + 0.13, theta[1], 1e-15);
    }

    [Fact]
    public void AdamMatchesItsBiasCorrectedUpdate()
    {
        double[] theta = [1, -1];
        var adam = new Adam<double>(2, 0.01);
        adam.Step(theta, [0.3, -2]);
        // Step 1: m̂ = g and v̂ = g², so each entry moves by lr·g/(|g| + eps).
        Assert.Equal(1 - 0.01 * 0.3 / (0.3 + 1e-8), theta[0], 1e-15);
        Assert.Equal(-1 + 0.01 * 2 / (2 + 1e-8), theta[1], 1e-15);
        adam.Step(theta, [0.1, 1]);
        // Step 2 for entry 0: m = 0.9·0.03 + 0.1·0.1, v = 0.999·0.00009 + 0.001·0.01.
        double m = 0.9 * 0.03 + 0.1 * 0.1, v = 0.999 * 0.3 * 0.3 * 0.001 + 0.001 * 0.01;
        double expected = 1 - 0.01 * 0.3 / (0.3 + 1e-8) - 0.01 * (m / (1 - 0.81)) / (Math.Sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        Assert.Equal(expected, theta[0], 1e-15);
        Assert.Equal(2, adam.Steps);
    }

    [Fact]
    public void AdamWDecaysWeightsOutsideTheMoments()
    {
        double[] theta = [2, -4];
        var adamW = new AdamW<double>(2, 0.1, weightDecay: 0.5);
        adamW.Step(theta, [0, 3]);
        // Decay by (1 − 0.1·0.5) first; a zero gradient then leaves entry 0 only decayed.
        Assert.Equal(2 * 0.95, theta[0], 1e-15);
        Assert.Equal(-4 * 0.95 - 0.1 * 3 / (3 + 1e-8), theta[1], 1e-15);
    }

    [Fact]
    public void ClipByNormRescalesOnlyLongGradients()
    {
        double[] long_ = [3, 4];
        Assert.Equal(5, GradientClipping.ClipByNorm<double>(long_, 1));
        Assert.Equal(0.6, long_[0], 1e-15);
        Assert.Equal(0.8, long_[1], 1e-15);
        double[] short_ = [0.3, 0.4];
        GradientClipping.ClipByNorm<double>(short_, 1);
        Assert.Equal([0.3, 0.4], short_);
    }

    [Fact]
    public void StepsAllocateNothingAndCheckLengths()
    {
        var theta = new double[100];
        var gradient = Enumerable.Range(0, 100).Select(i => i * 0.01).ToArray();
        IOptimizer<double>[] optimizers = [new Sgd<double>(100, 0.1, 0.9), new Adam<double>(100, 0.1), new AdamW<double>(100, 0.1)];
        foreach (var o in optimizers) o.Step(theta, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var o in optimizers) o.Step(theta, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Throws<ArgumentException>(() => optimizers[1].Step(theta, new double[3]));
    }
}
