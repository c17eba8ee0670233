namespace MetaDsl.Kernels.Devices;

/// <summary>
/// Everything needed to run one kernel on any accelerator: its CUDA source and entry point for GPUs,
/// its C# twin for the CPU, and its parameter list, which every launch is checked against.
/// Definitions are compared by reference; keep one instance per kernel so accelerators compile it once.
/// </summary>
public sealed class KernelDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="entryPoint">The <c>extern "C" __global__</c> function name in <paramref name="source"/>.</param>
    /// <param name="source">The CUDA source.</param>
    /// <param name="parameters">The kernel's parameters, in order, matching the CUDA signature.</param>
    /// <param name="cpuBody">The C# twin, run per block on the CPU.</param>
    public KernelDefinition(string entryPoint, KernelSource source, IReadOnlyList<KernelParameter> parameters, CpuKernelBody cpuBody)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryPoint);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cpuBody);
        EntryPoint = entryPoint;
        Source = source;
        Parameters = parameters;
        CpuBody = cpuBody;
    }

    /// <summary>The entry point's name.</summary>
    public string EntryPoint { get; }

    /// <summary>The CUDA source.</summary>
    public KernelSource Source { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<KernelParameter> Parameters { get; }

    /// <summary>The C# twin.</summary>
    public CpuKernelBody CpuBody { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{EntryPoint}({string.Join(", ", Parameters)})";
}
