using MetaDsl.Kernels.Gpu;
using MetaDsl.Training;

namespace MetaDsl.Cli.Commands;

/// <summary>Opens the device <c>--device</c> names, refusing it for algorithms that do not run there yet.</summary>
internal static class TrainDevice
{
    public static Device Open(TrainSettings settings)
    {
        if (settings.Device == "cpu") return Device.Cpu;
        if (!settings.Algorithm.RunsOnAccelerators)
            throw new UsageException($"--device {settings.Device} runs {MetaAlgorithms.Listing(a => a.RunsOnAccelerators)}; {settings.Algorithm.Name} runs on the CPU only (leave --device out).");
        return Open(settings.Device);
    }

    /// <summary>The device called <paramref name="name"/>; a missing one is a usage error that says what was looked for.</summary>
    public static Device Open(string name)
    {
        try
        {
            return Device.Parse(name);
        }
        catch (DeviceUnavailableException e)
        {
            throw new UsageException($"--device {name}: {e.Message}");
        }
    }
}
