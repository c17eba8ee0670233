using MetaDsl.Tasks;

namespace MetaDsl.Tests.Tasks;

public class SamplerTests
{
    public static TheoryData<string> Samplers => ["sinusoid", "linear", "clusters", "mlti-sinusoid", "mlti-clusters"];

    private static ITaskSampler<double> Make(string kind) => kind switch
    {
        "sinusoid" => new SinusoidSampler<double>(5, 7),
        "linear" => new LinearRegressionSampler<double>(3, 4, 6, noiseStd: 0.1),
        "clusters" => new GaussianClusterSampler<double>(3, 2, 4, 5),
        "mlti-sinusoid" => new Mlti<double>(new SinusoidSampler<double>(5, 7), 0.5),
        _ => new Mlti<double>(new GaussianClusterSampler<double>(3, 2, 4, 5), 2.0),
    };

    private static double[] Draw(ITaskSampler<double> sampler, ulong seed, int tasks = 3)
    {
        var rng = new SplitMix64(seed);
        var task = sampler.Allocate();
        var all = new List<double>();
        for (int i = 0; i < tasks; i++)
        {
            sampler.Sample(ref rng, task);
            foreach (var batch in new[] { task.Support, task.Query })
                for (int t = 0; t < batch.Count; t++) all.AddRange(batch[t].Data);
        }
        return [.. all];
    }

    [Theory, MemberData(nameof(Samplers))]
    public void SameSeedGivesIdenticalTasks(string kind) =>
        Assert.Equal(Draw(Make(kind), 42), Draw(Make(kind), 42));

    [Theory, MemberData(nameof(Samplers))]
    public void DifferentSeedGivesDifferentTasks(string kind) =>
        Assert.NotEqual(Draw(Make(kind), 1), Draw(Make(kind), 2));

    [Theory, MemberData(nameof(Samplers))]
    public void SamplingAllocatesNothingOnceWarm(string kind)
    {
        var sampler = Make(kind);
        var task = sampler.Allocate();
        var rng = new SplitMix64(7);
        sampler.Sample(ref rng, task);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) sampler.Sample(ref rng, task);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void SinusoidStatisticsAreInRange()
    {
        var sampler = new SinusoidSampler<double>(10, 10);
        var task = sampler.Allocate();
        var rng = new SplitMix64(3);
        double minA = double.MaxValue, maxA = 0, minP = double.MaxValue, maxP = 0, sumA = 0;
        const int n = 2000;
        for (int i = 0; i < n; i++)
        {
            sampler.Sample(ref rng, task);
            double a = sampler.LastAmplitude, p = sampler.LastPhase;
            Assert.InRange(a, 0.1, 5.0);
            Assert.InRange(p, 0.0, Math.PI);
            minA = Math.Min(minA, a); maxA = Math.Max(maxA, a); minP = Math.Min(minP, p); maxP = Math.Max(maxP, p);
            sumA += a;
            var x = task.Support[0].Data;
            var y = task.Support[1].Data;
            for (int j = 0; j < x.Length; j++)
            {
                Assert.InRange(x[j], -5.0, 5.0);
                Assert.Equal(SinusoidSampler<double>.Evaluate(a, p, x[j]), y[j], 12);
                Assert.InRange(Math.Abs(y[j]), 0, a + 1e-12);
            }
        }
        Assert.InRange(sumA / n, 2.45, 2.65); // E[A] = 2.55
        Assert.True(minA < 0.3 && maxA > 4.8 && minP < 0.1 && maxP > 3.0);
    }

    [Fact]
    public void SinusoidBatchesHaveConfiguredShapes()
    {
        var task = new SinusoidSampler<float>(5, 9).Allocate();
        Assert.Equal([5, 1], task.Support[0].Shape);
        Assert.Equal([5, 1], task.Support[1].Shape);
        Assert.Equal([9, 1], task.Query[0].Shape);
    }

    [Fact]
    public void LinearRegressionTargetsFollowOneWeightVector()
    {
        var sampler = new LinearRegressionSampler<double>(3, 6, 4);
        var task = sampler.Allocate();
        var rng = new SplitMix64(11);
        sampler.Sample(ref rng, task);
        Assert.Equal([6, 3], task.Support[0].Shape);
        Assert.Equal([4, 1], task.Query[1].Shape);
        // Without noise, w solved from the first three support rows predicts every other row.
        var x = task.Support[0].Data;
        var y = task.Support[1].Data;
        var w = Solve3([x[0..3], x[3..6], x[6..9]], y[0..3]);
        void Check(double[] xs, double[] ys)
        {
            for (int i = 0; i < ys.Length; i++)
                Assert.Equal(ys[i], w[0] * xs[3 * i] + w[1] * xs[3 * i + 1] + w[2] * xs[3 * i + 2], 8);
        }
        Check(x, y);
        Check(task.Query[0].Data, task.Query[1].Data);
    }

    private static double[] Solve3(double[][] a, double[] b)
    {
        double Det(double[][] m) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double d = Det(a);
        var w = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var m = a.Select((row, r) => row.Select((v, j) => j == c ? b[r] : v).ToArray()).ToArray();
            w[c] = Det(m) / d;
        }
        return w;
    }

    [Fact]
    public void GaussianClustersAreClassMajorAndSeparated()
    {
        var sampler = new GaussianClusterSampler<double>(ways: 4, shots: 50, queriesPerClass: 50, dimension: 2, spread: 20);
        var task = sampler.Allocate();
        var rng = new SplitMix64(5);
        sampler.Sample(ref rng, task);
        Assert.Equal([200, 2], task.Support[0].Shape);
        Assert.Equal([200], task.Support[1].Shape);
        var labels = task.Support[1].Data;
        for (int i = 0; i < labels.Length; i++) Assert.Equal(i / 50, (int)labels[i]);
        // Support and query of a class share a mean: their centroids agree to within sampling noise.
        for (int c = 0; c < 4; c++)
        {
            for (int j = 0; j < 2; j++)
            {
                double ms = Enumerable.Range(c * 50, 50).Average(i => task.Support[0].Data[i * 2 + j]);
                double mq = Enumerable.Range(c * 50, 50).Average(i => task.Query[0].Data[i * 2 + j]);
                Assert.InRange(ms - mq, -1.0, 1.0);
            }
        }
    }

    [Fact]
    public void SampleRejectsATaskOfOtherShapes()
    {
        var task = new SinusoidSampler<double>(5, 5).Allocate();
        var rng = new SplitMix64(1);
        var e = Assert.Throws<ArgumentException>(() => new SinusoidSampler<double>(6, 5).Sample(ref rng, task));
        Assert.Contains("[5, 1], expected [6, 1]", e.Message);
    }
}
