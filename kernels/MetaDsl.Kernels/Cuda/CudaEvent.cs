using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// A marker in a <see cref="CudaAccelerator"/>'s stream, for timing GPU work without host overhead:
/// record one before and one after, then read <see cref="ElapsedMillisecondsSince"/>.
/// </summary>
public sealed class CudaEvent : IDeviceAllocation, IDisposable
{
    private readonly CudaAccelerator _accelerator;
    private nint _handle;

    internal CudaEvent(CudaAccelerator accelerator, nint handle)
    {
        _accelerator = accelerator;
        _handle = handle;
    }

    /// <summary>Queues the event after all work issued so far on the accelerator.</summary>
    public void Record()
    {
        _accelerator.Bind();
        CudaCheck.Driver(CudaDriver.cuEventRecord(Handle, _accelerator.Stream), "cuEventRecord");
    }

    /// <summary>Blocks until the GPU has passed the event.</summary>
    public void Synchronize()
    {
        _accelerator.Bind();
        CudaCheck.Driver(CudaDriver.cuEventSynchronize(Handle), "cuEventSynchronize");
    }

    /// <summary>GPU time from <paramref name="start"/> to this event, waiting for this event first.</summary>
    public float ElapsedMillisecondsSince(CudaEvent start)
    {
        ArgumentNullException.ThrowIfNull(start);
        Synchronize();
        CudaCheck.Driver(CudaDriver.cuEventElapsedTime(out var milliseconds, start.Handle, Handle), "cuEventElapsedTime");
        return milliseconds;
    }

    /// <summary>Destroys the event.</summary>
    public void Dispose()
    {
        if (_handle == 0) return;
        _accelerator.Forget(this);
        Release();
    }

    void IDeviceAllocation.Release() => Release();

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(CudaEvent));

    private void Release()
    {
        if (_handle == 0) return;
        CudaDriver.cuEventDestroy_v2(_handle);
        _handle = 0;
    }
}
