using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>The backend suite on a CUDA GPU; every test skips, with the reason, where none is usable.</summary>
public sealed class CudaAcceleratorTests : AcceleratorTestSuite
{
    // Float kernels against a double reference over K inner steps: norm-wise, not element-wise,
    // since entries near zero carry only absolute rounding error.
    protected override double MlpTolerance => 1e-4;

    protected override (Context Context, Accelerator Accelerator) Open()
    {
        Skip.IfNot(CudaAccelerator.IsAvailable(out var reason), reason);
        var context = new Context();
        return (context, context.CreateCudaAccelerator());
    }

    public static TheoryData<string> Definitions => new() { "maml", "meta_sgd", "hvp", "adam", "mean" };

    [SkippableTheory]
    [MemberData(nameof(Definitions))]
    public void Every_kernel_compiles_with_nvrtc_and_its_entry_point_loads(string name)
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var mlp = MlpKernels.For(MlpShape.Sinusoid);
        var definition = name switch
        {
            "maml" => mlp.Maml,
            "meta_sgd" => mlp.MetaSgd,
            "hvp" => mlp.HessianVectorProduct,
            "adam" => UpdateKernels.Adam,
            _ => UpdateKernels.MeanOverTasks,
        };
        Assert.Same(definition, accelerator.LoadKernel(definition).Definition);
    }

    [SkippableFact]
    public void Compile_errors_carry_the_nvrtc_log()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var broken = new KernelDefinition("broken", new KernelSource("broken.cu", "extern \"C\" __global__ void broken() { undeclared_name = 1; }"),
            [], (_, _) => { });
        var error = Assert.Throws<CudaException>(() => accelerator.LoadKernel(broken));
        Assert.Equal("NVRTC_ERROR_COMPILATION", error.ErrorName);
        Assert.Contains("undeclared_name", error.CompilerLog);
    }

    [SkippableFact]
    public void Reports_device_properties_and_times_work_with_events()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var cuda = (CudaAccelerator)accelerator;
        Assert.Equal(AcceleratorType.Cuda, cuda.Type);
        Assert.True(cuda.Architecture.Major >= 3);
        Assert.True(cuda.MultiprocessorCount > 0);
        Assert.False(string.IsNullOrWhiteSpace(cuda.Name));
        using var start = cuda.CreateEvent();
        using var end = cuda.CreateEvent();
        using var x = cuda.Allocate1D<float>(1 << 20);
        start.Record();
        x.MemSetToZero();
        end.Record();
        Assert.True(end.ElapsedMillisecondsSince(start) >= 0);
    }

    [SkippableFact]
    public void Driver_errors_name_the_error_and_the_call()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var error = Assert.Throws<CudaException>(() => accelerator.Allocate1D<byte>(long.MaxValue / 2));
        Assert.StartsWith("CUDA_ERROR_", error.ErrorName);
        Assert.Contains("cuMemAlloc", error.Call);
    }
}
