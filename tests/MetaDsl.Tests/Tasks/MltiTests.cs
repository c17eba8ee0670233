using MetaDsl.Tasks;

namespace MetaDsl.Tests.Tasks;

public class MltiTests
{
    [Fact]
    public void RegressionMixesInputsAndTargetsWithOneLambda()
    {
        var inner = new SinusoidSampler<double>(4, 3);
        var mlti = new Mlti<double>(inner, 0.5);
        var task = mlti.Allocate();
        var rng = new SplitMix64(9);
        var replay = rng;
        mlti.Sample(ref rng, task);

        var a = inner.Allocate();
        var b = inner.Allocate();
        inner.Sample(ref replay, a);
        inner.Sample(ref replay, b);
        double lambda = RandomDistributions.NextBeta(ref replay, 0.5, 0.5);
        Assert.Equal(lambda, mlti.LastLambda);
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < 4; i++)
                Assert.Equal(lambda * a.Support[t].Data[i] + (1 - lambda) * b.Support[t].Data[i], task.Support[t].Data[i], 12);
    }

    [Fact]
    public void ClassificationKeepsFirstTaskLabelsAndMixesInputs()
    {
        var inner = new GaussianClusterSampler<double>(3, 2, 2, 4);
        var mlti = new Mlti<double>(inner, 1.0);
        var task = mlti.Allocate();
        var rng = new SplitMix64(4);
        var replay = rng;
        mlti.Sample(ref rng, task);
        var a = inner.Allocate();
        var b = inner.Allocate();
        inner.Sample(ref replay, a);
        inner.Sample(ref replay, b);
        double lambda = mlti.LastLambda;
        Assert.Equal(a.Support[1].Data, task.Support[1].Data);
        Assert.Equal(a.Query[1].Data, task.Query[1].Data);
        for (int i = 0; i < task.Query[0].Length; i++)
            Assert.Equal(lambda * a.Query[0].Data[i] + (1 - lambda) * b.Query[0].Data[i], task.Query[0].Data[i], 12);
    }

    [Fact]
    public void ATaskNotAllocatedByMltiIsRefused()
    {
        var inner = new SinusoidSampler<double>(4, 3);
        var rng = new SplitMix64(1);
        var e = Assert.Throws<ArgumentException>(() => new Mlti<double>(inner).Sample(ref rng, inner.Allocate()));
        Assert.Contains("not allocated", e.Message);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(2.0, 5.0)]
    [InlineData(0.2, 0.2)]
    public void BetaDrawsHaveTheRightMeanAndVariance(double a, double b)
    {
        var rng = new SplitMix64(123);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = RandomDistributions.NextBeta(ref rng, a, b);
            Assert.InRange(x, 0.0, 1.0);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.Equal(a / (a + b), mean, 0.005);
        Assert.Equal(a * b / ((a + b) * (a + b) * (a + b + 1)), variance, 0.003);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(7.5)]
    public void GammaDrawsHaveMeanAndVarianceEqualToShape(double shape)
    {
        var rng = new SplitMix64(77);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = RandomDistributions.NextGamma(ref rng, shape);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        Assert.Equal(shape, mean, 0.02 * Math.Max(1, shape));
        Assert.Equal(shape, sumSq / n - mean * mean, 0.05 * Math.Max(1, shape));
    }
}
