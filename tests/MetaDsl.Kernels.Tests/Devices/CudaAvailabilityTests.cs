using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>What happens where CUDA is missing: a readable reason, never a crash (skipped where CUDA works).</summary>
public sealed class CudaAvailabilityTests
{
    [Fact]
    public void Availability_check_never_throws_and_always_explains()
    {
        var available = CudaAccelerator.IsAvailable(out var reason);
        Assert.False(string.IsNullOrWhiteSpace(reason));
        if (!available) Assert.Matches("libcuda|libnvrtc|no CUDA device|CUDA is unusable", reason);
    }

    [SkippableFact]
    public void Creating_a_cuda_accelerator_without_cuda_names_what_is_missing()
    {
        var available = CudaAccelerator.IsAvailable(out var reason);
        Skip.If(available, "CUDA is available here: " + reason);
        using var context = new Context();
        var error = Assert.Throws<CudaException>(() => context.CreateCudaAccelerator());
        Assert.Contains(error.ErrorName, new[] { "LIBCUDA_NOT_FOUND", "LIBNVRTC_NOT_FOUND", "CUDA_ERROR_NO_DEVICE", "CUDA_ERROR_INVALID_DEVICE" });
        Assert.Contains(error.ErrorName.StartsWith("LIBNVRTC", StringComparison.Ordinal) ? "libnvrtc" : "libcuda", error.Message);
        Assert.Empty(context.Accelerators);
    }

    [Fact]
    public void Preferred_accelerator_falls_back_to_the_cpu()
    {
        using var context = new Context();
        var accelerator = context.CreatePreferredAccelerator();
        var expected = CudaAccelerator.IsAvailable(out _) ? AcceleratorType.Cuda : AcceleratorType.Cpu;
        Assert.Equal(expected, accelerator.Type);
    }

    [Fact]
    public void Cuda_exceptions_carry_name_call_and_log()
    {
        var error = new CudaException("NVRTC_ERROR_COMPILATION", "nvrtcCompileProgram(x.cu)", "could not compile", "x.cu(1): error: boom");
        Assert.Equal("NVRTC_ERROR_COMPILATION", error.ErrorName);
        Assert.Equal("nvrtcCompileProgram(x.cu)", error.Call);
        Assert.Contains("x.cu(1): error: boom", error.Message);
        Assert.StartsWith("nvrtcCompileProgram(x.cu) failed with NVRTC_ERROR_COMPILATION", error.Message);
    }
}
