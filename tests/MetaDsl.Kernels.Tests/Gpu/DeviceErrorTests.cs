using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>Faults say what failed: a missing CUDA driver names what was looked for; a kernel ILGPU cannot compile names learner, kernel and ILGPU's message.</summary>
public sealed class DeviceErrorTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    [Fact]
    public void CudaEitherOpensOrSaysWhatWasLookedFor()
    {
        if (AcceleratorFactory.IsCudaAvailable(out var reason))
        {
            var (context, accelerator) = AcceleratorFactory.CreateCuda();
            Assert.Equal(AcceleratorType.Cuda, accelerator.AcceleratorType);
            accelerator.Dispose();
            context.Dispose();
            return;
        }
        var error = Assert.Throws<DeviceUnavailableException>(() => AcceleratorFactory.CreateCuda());
        Assert.Equal(reason, error.Message);
        Assert.Contains("libcuda.so", error.Message);
        Assert.Contains("nvcuda.dll", error.Message);
    }

    [Fact]
    public void AnAllocationThatDoesNotFitNamesWhatAndForWhom()
    {
        // 2^50 doubles (8 PiB) exceed any machine, so the allocation fails in the accelerator, not in a test-size check.
        var error = Assert.Throws<DeviceOutOfMemoryException>(() => DeviceAllocation.Allocate<double>(fixture.Accelerator!, 1L << 50, "SineMlp", "scratch"));
        Assert.Contains("SineMlp", error.Message);
        Assert.Contains("scratch", error.Message);
        Assert.Contains("bytes", error.Message);
    }

    [Fact]
    public void AnOrdinalPastTheLastGpuIsNamed()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => AcceleratorFactory.CreateCuda(ordinal: 64));
        Assert.Contains("CUDA", error.Message);
    }

    [Fact]
    public void CpuAcceleratorIsShapedLikeAnNvidiaGpu()
    {
        var accelerator = fixture.Accelerator!;
        Assert.Equal(AcceleratorType.CPU, accelerator.AcceleratorType);
        Assert.Equal(32, accelerator.WarpSize);
        Assert.Equal(1024, accelerator.MaxNumThreadsPerGroup);
    }

    [Fact]
    public void KernelIlgpuCannotCompileNamesLearnerKernelAndIlgpusMessage()
    {
        var accelerator = fixture.Accelerator!;
        var error = Assert.Throws<KernelCompilationException>(() => KernelLoader.Load("DemoLearner", "Convert",
            () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(ConvertThroughReflection)));
        Assert.Equal("DemoLearner", error.Learner);
        Assert.Equal("Convert", error.Kernel);
        Assert.Contains("'Convert'", error.Message);
        Assert.Contains("'DemoLearner'", error.Message);
        Assert.Contains(error.InnerException!.Message, error.Message);
    }

    // double.CreateTruncating<T> reaches typeof(T), which ILGPU cannot compile: a real compile failure.
    private static void ConvertThroughReflection(Index1D i, ArrayView<double> values) => values[i] = double.CreateTruncating(values[i]);
}
