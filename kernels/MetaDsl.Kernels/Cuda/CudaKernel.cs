using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>A definition compiled and loaded on a GPU; launches queue on the accelerator's stream.</summary>
internal sealed unsafe class CudaKernel : Kernel
{
    // Above this much dynamic shared memory a function must opt in (cuFuncSetAttribute) before launch.
    private const int DefaultSharedMemoryLimit = 48 * 1024;

    private readonly CudaAccelerator _accelerator;
    private readonly nint _function;
    private int _sharedMemoryOptIn = DefaultSharedMemoryLimit;

    internal CudaKernel(CudaAccelerator accelerator, KernelDefinition definition) : base(accelerator, definition)
    {
        _accelerator = accelerator;
        _accelerator.Bind();
        _function = accelerator.LoadFunction(definition);
    }

    private protected override void LaunchCore(in KernelConfig config, ReadOnlySpan<KernelArgument> arguments)
    {
        _accelerator.Bind();
        if (config.SharedMemoryBytes > _sharedMemoryOptIn)
        {
            CudaCheck.Driver(CudaDriver.cuFuncSetAttribute(_function, CudaDriver.FunctionAttributeMaxDynamicSharedSizeBytes,
                config.SharedMemoryBytes), $"cuFuncSetAttribute({Definition.EntryPoint}, max dynamic shared memory)");
            _sharedMemoryOptIn = config.SharedMemoryBytes;
        }
        // cuLaunchKernel reads each argument through a pointer to its value. Every value fits in
        // 8 bytes and is stored little-endian at the start of its slot, as the kernel expects.
        var values = stackalloc ulong[Math.Max(1, arguments.Length)];
        var pointers = stackalloc void*[Math.Max(1, arguments.Length)];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Bits;
            pointers[i] = &values[i];
        }
        CudaCheck.Driver(CudaDriver.cuLaunchKernel(_function,
                (uint)config.Grid.X, (uint)config.Grid.Y, (uint)config.Grid.Z,
                (uint)config.Block.X, (uint)config.Block.Y, (uint)config.Block.Z,
                (uint)config.SharedMemoryBytes, _accelerator.Stream, pointers, null),
            $"cuLaunchKernel({Definition.EntryPoint}, grid {config.Grid}, block {config.Block})");
    }
}
