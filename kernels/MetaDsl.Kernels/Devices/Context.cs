using MetaDsl.Kernels.Cuda;

namespace MetaDsl.Kernels.Devices;

/// <summary>
/// The root of the device layer (as in ILGPU): creates accelerators and disposes, with itself, every
/// accelerator it created.
/// </summary>
public sealed class Context : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Accelerator> _accelerators = [];
    private bool _disposed;

    /// <summary>Accelerators created so far and not yet disposed.</summary>
    public IReadOnlyList<Accelerator> Accelerators
    {
        get
        {
            lock (_gate) return [.. _accelerators.Where(a => !a.IsDisposed)];
        }
    }

    /// <summary>Creates an accelerator running C# kernels on the host.</summary>
    public CpuAccelerator CreateCpuAccelerator() => Track(new CpuAccelerator(this));

    /// <summary>
    /// Creates an accelerator on CUDA device <paramref name="deviceOrdinal"/>. Throws
    /// <see cref="CudaException"/> naming what is missing when no driver, device or NVRTC is found.
    /// </summary>
    public CudaAccelerator CreateCudaAccelerator(int deviceOrdinal = 0) => Track(new CudaAccelerator(this, deviceOrdinal));

    /// <summary>A CUDA accelerator on device 0 when one is usable, else a CPU accelerator.</summary>
    public Accelerator CreatePreferredAccelerator() =>
        CudaAccelerator.IsAvailable(out _) ? CreateCudaAccelerator() : CreateCpuAccelerator();

    /// <summary>Disposes every accelerator this context created.</summary>
    public void Dispose()
    {
        Accelerator[] owned;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            owned = [.. _accelerators];
            _accelerators.Clear();
        }
        foreach (var accelerator in owned) accelerator.Dispose();
    }

    private T Track<T>(T accelerator) where T : Accelerator
    {
        lock (_gate)
        {
            if (_disposed)
            {
                accelerator.Dispose();
                throw new ObjectDisposedException(nameof(Context));
            }
            _accelerators.Add(accelerator);
        }
        return accelerator;
    }
}
