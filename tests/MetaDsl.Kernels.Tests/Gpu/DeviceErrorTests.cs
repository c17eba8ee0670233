using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>Faults of opening a device say what failed: a missing CUDA driver names what was looked for (the suite checks faults on a device: memory, compilation).</summary>
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
}
