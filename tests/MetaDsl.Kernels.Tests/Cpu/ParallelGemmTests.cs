namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>Runs alone, so that the process-wide allocation count sees only the products.</summary>
[CollectionDefinition(nameof(ParallelGemmTests), DisableParallelization = true)]
public class ParallelGemmCollection;

/// <summary>Products large enough that their row blocks are split over the cores' worker pool.</summary>
[Collection(nameof(ParallelGemmTests))]
public class ParallelGemmTests
{
    // 300×128 by 128×128: 4.9M multiply-adds, three row blocks, past the parallel threshold and quick,
    // so that most windows of the allocation count miss the test runner's own timers.
    private const int M = 300, K = 128, N = 128;

    private static float[] Product(float[] a, float[] b)
    {
        var c = new float[M * N];
        Gemm.MatMul<float>(a, b, c, 1, M, K, N, false, false, 0, 0);
        return c;
    }

    [Fact]
    public void WarmParallelProductAllocatesNothing()
    {
        var a = Numbers.Random<float>(M * K, 1);
        var b = Numbers.Random<float>(K * N, 2);
        var c = new float[M * N];
        for (int i = 0; i < 3; i++)
        {
            Gemm.MatMul<float>(a, b, c, 1, M, K, N, false, false, 0, 0);
        }
        long callerBefore = GC.GetAllocatedBytesForCurrentThread();
        Gemm.MatMul<float>(a, b, c, 1, M, K, N, false, false, 0, 0);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - callerBefore);

        // Other threads of the process (the runtime's, the runner's) may allocate now and then; a product
        // that allocates would do so in every window, so one clean window out of several is the test.
        long fewest = long.MaxValue;
        for (int window = 0; window < 20 && fewest > 0; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 2; i++)
            {
                Gemm.MatMul<float>(a, b, c, 1, M, K, N, false, false, 0, 0);
            }
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void ProductInsideAPoolJobStaysOnItsThreadAndAgrees()
    {
        var a = Numbers.Random<float>(M * K, 3);
        var b = Numbers.Random<float>(K * N, 4);
        var expected = Product(a, b);
        var pool = WorkerPool.Shared(2);
        var work = new NestedProducts(a, b);
        pool.Run(work);
        for (int w = 0; w < 2; w++)
        {
            Assert.Equal(expected, work.Results[w]);
        }
        Assert.NotEqual(work.Threads[0], work.Threads[1]);
    }

    /// <summary>Each partition runs a parallel-sized product, which must neither wait for the busy pool nor differ.</summary>
    private sealed class NestedProducts(float[] a, float[] b) : WorkerPool.IWork
    {
        public float[][] Results { get; } = new float[2][];
        public int[] Threads { get; } = new int[2];

        public void Run(int worker)
        {
            Threads[worker] = Environment.CurrentManagedThreadId;
            Results[worker] = Product(a, b);
        }
    }
}
