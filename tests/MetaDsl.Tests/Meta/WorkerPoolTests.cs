using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Meta.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>Runs alone, so that the process-wide allocation count sees only the meta-steps.</summary>
[CollectionDefinition(nameof(WorkerPoolTests), DisableParallelization = true)]
public class WorkerPoolCollection;

[Collection(nameof(WorkerPoolTests))]
public class WorkerPoolTests
{
    private static MetaTask<double> SineTask(int seed) =>
        Numerics.Task(seed, 1, 1, 8, 6, (x, _) => 1.5 * Math.Sin(x[0] + seed));

    [Theory]
    [InlineData(MetaGradientOrder.Second)]
    [InlineData(MetaGradientOrder.First)]
    public void WarmTwoThreadMetaStepAllocatesNothing(MetaGradientOrder order)
    {
        var tasks = Enumerable.Range(50, 6).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(5);
        var gradient = new double[theta.Length];
        var maml = new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 5, InnerLearningRate = 0.1, Order = order, Threads = 2 });
        for (int i = 0; i < 20; i++)
        {
            maml.MetaGradient(theta, tasks, gradient);
        }

        long callerBefore = GC.GetAllocatedBytesForCurrentThread();
        maml.MetaGradient(theta, tasks, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - callerBefore);

        // The process-wide count also sees the runtime's and the test runner's own threads, which
        // may allocate now and then: a meta-step that allocates would do so in every window, so
        // one clean window out of several is the test.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 5; i++)
            {
                maml.MetaGradient(theta, tasks, gradient);
            }
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void ExceptionInAWorkerReachesTheCallerAndThePoolRecovers()
    {
        var tasks = Enumerable.Range(60, 4).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(6);
        var options = new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1, Threads = 2 };
        var maml = new Maml<TanhMlp, double>(options);
        var gradient = new double[theta.Length];
        // Worker 1 takes tasks [2, 4): a task with two input features fails there, off the calling thread.
        var broken = tasks.ToArray();
        broken[3] = Numerics.Task(63, 2, 1, 8, 6, (x, _) => x[0]);

        var error = Record.Exception(() => maml.MetaGradient(theta, broken, gradient));
        var expected = Record.Exception(() => new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1 }).MetaGradient(theta, broken, gradient));

        Assert.NotNull(expected);
        Assert.IsType(expected.GetType(), error);
        Assert.Equal(expected.Message, error.Message);

        var after = new double[theta.Length];
        var fresh = new double[theta.Length];
        double loss = maml.MetaGradient(theta, tasks, after);
        double freshLoss = new Maml<TanhMlp, double>(options).MetaGradient(theta, tasks, fresh);
        Assert.Equal(BitConverter.DoubleToInt64Bits(freshLoss), BitConverter.DoubleToInt64Bits(loss));
        Assert.Equal(fresh, after);
    }

    [Fact]
    public void ConcurrentCallersSharingAPoolGetTheirOwnResults()
    {
        // Two instances with the same thread count share one pool; a caller that finds it busy
        // runs its partitions itself, with the same partition and the same sums.
        var tasks = Enumerable.Range(70, 5).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(7);
        var options = new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1, Threads = 2 };
        var expected = new double[theta.Length];
        new Maml<TanhMlp, double>(options).MetaGradient(theta, tasks, expected);

        var results = new double[4][];
        Parallel.For(0, results.Length, i =>
        {
            var maml = new Maml<TanhMlp, double>(options);
            results[i] = new double[theta.Length];
            for (int run = 0; run < 20; run++)
            {
                maml.MetaGradient(theta, tasks, results[i]);
            }
        });

        foreach (var result in results)
        {
            Assert.Equal(expected, result);
        }
    }
}
