using MetaDsl.Kernels.Gpu;
using MetaDsl.Training;

namespace MetaDsl.Cli.Commands;

/// <summary>Opens the device <c>--device</c> names, refusing it for algorithms that do not run there yet.</summary>
internal static class TrainDevice
{
    public static Device Open(TrainSettings settings)
    {
        if (settings.Device == "cpu") return Device.Cpu;
        if (settings.Algorithm is not (MetaAlgorithmKind.Maml or MetaAlgorithmKind.FirstOrderMaml or MetaAlgorithmKind.Anil))
            throw new UsageException($"--device {settings.Device} runs maml, fomaml and anil; {MetaAlgorithms.NameOf(settings.Algorithm)} runs on the CPU only (leave --device out).");
        try
        {
            return Device.Parse(settings.Device);
        }
        catch (DeviceUnavailableException e)
        {
            throw new UsageException($"--device {settings.Device}: {e.Message}");
        }
    }
}
