using System.Runtime.ExceptionServices;

namespace MetaDsl.Kernels.Devices;

/// <summary>Runs a definition's C# twin once per block, blocks in parallel over the host's cores.</summary>
internal sealed class CpuKernel(CpuAccelerator accelerator, KernelDefinition definition) : Kernel(accelerator, definition)
{
    private protected override void LaunchCore(in KernelConfig config, ReadOnlySpan<KernelArgument> arguments)
    {
        var args = new KernelArguments(arguments.ToArray());
        var body = Definition.CpuBody;
        var grid = config.Grid;
        var block = config.Block;
        var sharedBytes = config.SharedMemoryBytes;
        try
        {
            Parallel.For(0L, grid.Size,
                () => new byte[sharedBytes],
                (linear, _, shared) =>
                {
                    Array.Clear(shared);
                    body(new CpuBlock(Dim3.FromLinear(linear, grid), grid, block, shared), args);
                    return shared;
                },
                _ => { });
        }
        catch (AggregateException error) when (error.InnerExceptions.Count == 1)
        {
            // Surface the kernel's own exception, as a direct call would.
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }
    }
}
