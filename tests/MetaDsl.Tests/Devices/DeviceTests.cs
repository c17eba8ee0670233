using MetaDsl.Kernels.Gpu;

namespace MetaDsl.Tests.Devices;

/// <summary>Device names parse, the shared devices are what they say, and a missing GPU is explained.</summary>
public class DeviceTests
{
    [Fact]
    public void NamesParseToTheirDevices()
    {
        Assert.Same(Device.Cpu, Device.Parse("cpu"));
        Assert.Same(Device.IlgpuCpu, Device.Parse("ILGPU-CPU"));
        Assert.Equal(DeviceKind.IlgpuCpu, Device.IlgpuCpu.Kind);
        Assert.False(Device.Cpu.IsAccelerator);
        Assert.Contains("expected cpu", Assert.Throws<ArgumentException>(() => Device.Parse("tpu")).Message);
    }

    [Fact]
    public void BestLogsOneLineNamingItsChoice()
    {
        var log = new StringWriter();
        using var device = Device.Best(log);
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"device: {(device.Kind == DeviceKind.Cuda ? "cuda" : "cpu")}", line);
    }

    [Fact]
    public void CudaWithoutADriverSaysWhatWasLookedFor()
    {
        if (AcceleratorFactory.IsCudaAvailable(out _)) return;
        var error = Assert.Throws<DeviceUnavailableException>(() => Device.Cuda());
        Assert.Contains("libcuda.so", error.Message);
    }
}
