namespace MetaDsl.Kernels.Devices;

/// <summary>
/// A kernel loaded on an accelerator (see <see cref="Accelerator.LoadKernel"/>). A launch is queued
/// in order with the accelerator's other work; on a GPU it returns before the kernel finishes.
/// </summary>
public abstract class Kernel
{
    private protected Kernel(Accelerator accelerator, KernelDefinition definition)
    {
        Accelerator = accelerator;
        Definition = definition;
    }

    /// <summary>The accelerator the kernel runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>What was loaded.</summary>
    public KernelDefinition Definition { get; }

    /// <summary>
    /// Launches the kernel. Throws <see cref="ArgumentException"/> naming the parameter when an
    /// argument's kind or type does not match, or a view belongs to another accelerator.
    /// </summary>
    public void Launch(KernelConfig config, params ReadOnlySpan<KernelArgument> arguments)
    {
        ObjectDisposedException.ThrowIf(Accelerator.IsDisposed, Accelerator);
        config.Validate(Accelerator.MaxThreadsPerBlock);
        if (config.SharedMemoryBytes > Accelerator.MaxSharedMemoryPerBlock)
            throw new ArgumentOutOfRangeException(nameof(config),
                $"{config.SharedMemoryBytes} bytes of shared memory exceed the accelerator's limit of {Accelerator.MaxSharedMemoryPerBlock}.");
        var parameters = Definition.Parameters;
        if (arguments.Length != parameters.Count)
            throw new ArgumentException(
                $"{Definition.EntryPoint} takes {parameters.Count} arguments, {arguments.Length} were given.", nameof(arguments));
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!parameters[i].Accepts(arguments[i]))
                throw new ArgumentException(
                    $"{Definition.EntryPoint}: parameter {i} '{parameters[i]}' cannot take {arguments[i]}.", nameof(arguments));
            if (arguments[i].IsView && !ReferenceEquals(arguments[i].Owner, Accelerator))
                throw new ArgumentException(
                    $"{Definition.EntryPoint}: the view for parameter '{parameters[i].Name}' belongs to another accelerator.", nameof(arguments));
        }
        LaunchCore(config, arguments);
    }

    /// <summary>Runs or queues the launch; arguments are already checked.</summary>
    private protected abstract void LaunchCore(in KernelConfig config, ReadOnlySpan<KernelArgument> arguments);
}
