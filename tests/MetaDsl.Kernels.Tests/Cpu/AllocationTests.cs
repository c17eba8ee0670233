namespace MetaDsl.Kernels.Tests.Cpu;

public class AllocationTests
{
    // Held in fields: a collection expression at the call site allocates in Debug builds.
    private static readonly int[] Shape = [25, 40];
    private static readonly int[] Swap = [1, 0];
    private static readonly (bool TransA, bool TransB)[] Transposes = [(false, false), (false, true), (true, false), (true, true)];

    [Fact]
    public void WarmKernelsAllocateNothing()
    {
        var a = Numbers.Random<float>(3 * 40 * 40, 1);
        var b = Numbers.Random<float>(3 * 40 * 40, 2);
        var c = new float[3 * 40 * 40];
        var d = Numbers.Random<double>(3 * 40 * 40, 3);
        var e = new double[3 * 40 * 40];

        void Run()
        {
            foreach (var (transA, transB) in Transposes)
            {
                Gemm.MatMul<float>(a, b, c, 3, 25, 40, 40, transA, transB, 25 * 40, 0, accumulate: true);
                Gemm.MatMul<float>(a, b, c, 1, 10, 40, 1, transA, transB, 0, 0);
                Gemm.MatMul<double>(d, d, e, 2, 25, 40, 40, transA, transB, 0, 40 * 40);
                Gemm.MatMul<float>(a, b, c, 1, 33, 33, 33, transA, transB, 0, 0);
            }
            Gemm.MatMul<float>(a, b, c, 1, 40, 40, 3, false, false, 0, 0);
            ElementWise.Add<float>(a, b, c);
            ElementWise.Add<float>(a, b.AsSpan(0, 40), c);
            ElementWise.Mul<double>(d, d.AsSpan(0, 1), e);
            ElementWise.Relu<float>(a, c);
            ElementWise.Step<double>(d, e);
            Reductions.SumAxis<float>(a.AsSpan(0, 1000), c.AsSpan(0, 40), 1, 25, 40);
            Softmax.Forward<float>(a.AsSpan(0, 1000), c.AsSpan(0, 1000), 25, 40, 1);
            Softmax.LogForward<double>(d.AsSpan(0, 1000), e.AsSpan(0, 1000), 5, 40, 5);
            Layout.Transpose<float>(a.AsSpan(0, 1000), c.AsSpan(0, 1000), Shape, Swap);
            Layout.Transpose<float>(a.AsSpan(0, 1000), c.AsSpan(0, 1000), 1, 1, 1, 10, 10, 10, 0, 1, 2, 3, 5, 4);
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Run();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
