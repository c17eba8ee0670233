using MetaDsl.Kernels.Gpu;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// One device shared by a test class, or the reason there is none (then every test of the suite skips with that
/// reason): the suites of this folder run on every accelerator present, as ILGPU's own tests do.
/// </summary>
public abstract class DeviceFixture : IDisposable
{
    private readonly Device? _device;
    private readonly string? _skipReason;

    /// <summary>Opens the device with <paramref name="open"/>, or records why it cannot be had.</summary>
    protected DeviceFixture(Func<Device> open)
    {
        try
        {
            _device = open();
        }
        catch (DeviceUnavailableException e)
        {
            _skipReason = e.Message;
        }
    }

    /// <summary>The device; skips the calling test, with the reason, when there is none.</summary>
    public Device Device
    {
        get
        {
            Skip.If(_device is null, _skipReason);
            return _device!;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>ILGPU's CPU accelerator in its NVIDIA-like setup: always present.</summary>
public sealed class IlgpuCpuDevice() : DeviceFixture(() => Device.IlgpuCpu);

/// <summary>The first CUDA GPU, where a driver and a device are found.</summary>
public sealed class CudaDevice() : DeviceFixture(() => Device.Cuda());
