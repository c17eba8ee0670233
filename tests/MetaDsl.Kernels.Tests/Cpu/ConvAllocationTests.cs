namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>The convolution and pooling kernels take all their memory from their callers (the generated workspace).</summary>
public class ConvAllocationTests
{
    [Fact]
    public void WarmConvAndPoolingKernelsAllocateNothing()
    {
        const int n = 2, c = 3, h = 9, w = 9, kh = 3, kw = 3, pixels = 9 * 9;
        var image = Numbers.Random<float>(n * c * h * w, 1);
        var columns = new float[n * c * kh * kw * pixels];
        var back = new float[image.Length];
        var pooled = new double[n * c * 16];
        var values = Numbers.Random<double>(n * c * 4 * 16, 2);
        var routed = new double[values.Length];

        void Run()
        {
            Conv.Im2Col<float>(image, columns, n, c, h, w, kh, kw, 1, 1);
            Conv.Col2Im<float>(columns, back, n, c, h, w, kh, kw, 1, 1);
            Conv.Im2Col<float>(image, columns, n, c, h, w, kh, kw, 2, 1);
            Conv.Col2Im<float>(columns, back, n, c, h, w, kh, kw, 2, 1);
            Pooling.MaxGather<double>(values, values, pooled, n * c, 4, 16);
            Pooling.MaxScatter<double>(values, pooled, routed, n * c, 4, 16);
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
