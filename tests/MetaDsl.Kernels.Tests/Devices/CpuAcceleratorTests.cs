using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>The backend suite on the CPU accelerator, which runs everywhere.</summary>
public sealed class CpuAcceleratorTests : AcceleratorTestSuite
{
    // The CPU twins of the MLP kernels run the double reference and round to float.
    protected override double MlpTolerance => 1e-6;

    protected override (Context Context, Accelerator Accelerator) Open()
    {
        var context = new Context();
        return (context, context.CreateCpuAccelerator());
    }

    [Fact]
    public void Reports_cpu_limits()
    {
        using var context = new Context();
        var accelerator = context.CreateCpuAccelerator();
        Assert.Equal(AcceleratorType.Cpu, accelerator.Type);
        Assert.Equal(1024, accelerator.MaxThreadsPerBlock);
        Assert.Equal(Environment.ProcessorCount, accelerator.MultiprocessorCount);
        Assert.Contains(accelerator, context.Accelerators);
    }

    [Fact]
    public void Kernel_exceptions_surface_unwrapped()
    {
        using var context = new Context();
        var accelerator = context.CreateCpuAccelerator();
        var failing = new KernelDefinition("fail", new KernelSource("fail.cu", "extern \"C\" __global__ void fail() {}"), [],
            (_, _) => throw new InvalidOperationException("from the kernel"));
        var error = Assert.Throws<InvalidOperationException>(() => accelerator.LoadKernel(failing).Launch(new KernelConfig(1, 1)));
        Assert.Equal("from the kernel", error.Message);
    }
}
