using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace MetaDsl.Kernels.Gpu;

/// <summary>
/// Creates ILGPU contexts and accelerators the way MetaDsl uses them: Algorithms enabled, and a CPU
/// accelerator shaped like an NVIDIA GPU (warp 32, up to 1,024 threads a group) so that group and
/// warp code runs on it as it would on CUDA hardware.
/// </summary>
public static class AcceleratorFactory
{
    /// <summary>What ILGPU's CUDA backend loads: the NVIDIA driver library, not the toolkit.</summary>
    public const string CudaDriverLibrary = "libcuda.so (Linux) / nvcuda.dll (Windows), the NVIDIA driver's CUDA library";

    /// <summary>A context with ILGPU's CPU accelerator in its NVIDIA-like configuration, and that accelerator.</summary>
    public static (Context Context, Accelerator Accelerator) CreateCpu()
    {
        var context = Context.Create(builder => builder.CPU(CPUDeviceKind.Nvidia).EnableAlgorithms());
        try
        {
            return (context, context.GetCPUDevice(0).CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A context with the CUDA backend and the accelerator of GPU <paramref name="ordinal"/>;
    /// throws <see cref="DeviceUnavailableException"/> naming what was looked for when there is none.
    /// </summary>
    public static (Context Context, Accelerator Accelerator) CreateCuda(int ordinal = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        var context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        try
        {
            var devices = context.GetCudaDevices();
            if (ordinal >= devices.Count) throw new DeviceUnavailableException(CudaMissing(ordinal, devices.Count));
            return (context, devices[ordinal].CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>True when ILGPU finds at least one CUDA GPU; otherwise <paramref name="reason"/> says what was looked for.</summary>
    public static bool IsCudaAvailable(out string reason)
    {
        using var context = Context.Create(builder => builder.Cuda());
        int count = context.GetCudaDevices().Count;
        reason = count > 0 ? string.Empty : CudaMissing(0, count);
        return count > 0;
    }

    private static string CudaMissing(int ordinal, int count) => count == 0
        ? $"No CUDA GPU: ILGPU's CUDA backend looked for {CudaDriverLibrary} and a device it reports, and found none. Install the NVIDIA driver, or use Device.Cpu or Device.IlgpuCpu."
        : $"No CUDA GPU with ordinal {ordinal}: ILGPU found {count} (ordinals 0 to {count - 1}).";
}
