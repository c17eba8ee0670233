using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Allocates device buffers so that running out of memory reads as what was being allocated, not as a driver error code.</summary>
public static class DeviceAllocation
{
    /// <summary>
    /// A buffer of <paramref name="length"/> values of <typeparamref name="T"/> on <paramref name="accelerator"/>;
    /// throws <see cref="DeviceOutOfMemoryException"/> naming <paramref name="owner"/> and <paramref name="what"/> when it does not fit.
    /// </summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(Accelerator accelerator, long length, string owner, string what) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        long bytes = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        try
        {
            return accelerator.Allocate1D<T>(length);
        }
        // CUDA reports an exhausted device as an AcceleratorException (CudaException); the CPU accelerator as the runtime's own.
        catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
        {
            throw new DeviceOutOfMemoryException(
                $"{owner}: could not allocate {what} ({bytes:N0} bytes) on {accelerator.Name}: {e.Message} Use a smaller meta-batch or fewer points per task.", e);
        }
    }
}
