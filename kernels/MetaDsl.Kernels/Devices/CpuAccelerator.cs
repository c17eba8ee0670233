using System.Runtime.InteropServices;

namespace MetaDsl.Kernels.Devices;

/// <summary>
/// Runs kernels' C# twins on the host. Device memory is native host memory (64-byte aligned), so
/// device addresses are host pointers; everything is synchronous. It exists so one test suite and
/// one host code path serve every backend, and as the fallback where no GPU is found.
/// </summary>
public sealed unsafe class CpuAccelerator : Accelerator
{
    // Mirrors CUDA's portable per-block limits so a launch configuration valid here is valid on a GPU.
    private const int PortableMaxThreadsPerBlock = 1024;
    private const int PortableMaxSharedMemoryPerBlock = 48 * 1024;

    internal CpuAccelerator(Context context) : base(context) { }

    /// <inheritdoc/>
    public override AcceleratorType Type => AcceleratorType.Cpu;

    /// <inheritdoc/>
    public override string Name => $"CPU ({Environment.ProcessorCount} logical cores)";

    /// <inheritdoc/>
    public override int MaxThreadsPerBlock => PortableMaxThreadsPerBlock;

    /// <inheritdoc/>
    public override int MaxSharedMemoryPerBlock => PortableMaxSharedMemoryPerBlock;

    /// <inheritdoc/>
    public override int MultiprocessorCount => Environment.ProcessorCount;

    /// <inheritdoc/>
    public override void Synchronize() => ThrowIfDisposed();

    private protected override Kernel CreateKernel(KernelDefinition definition) => new CpuKernel(this, definition);

    private protected override void DisposeDevice() { }

    internal override ulong AllocateBytes(long bytes) => (ulong)NativeMemory.AlignedAlloc((nuint)bytes, 64);

    internal override void FreeBytes(ulong address) => NativeMemory.AlignedFree((void*)address);

    internal override void CopyFromHost(ulong destination, void* source, long bytes) =>
        Buffer.MemoryCopy(source, (void*)destination, bytes, bytes);

    internal override void CopyToHost(void* destination, ulong source, long bytes) =>
        Buffer.MemoryCopy((void*)source, destination, bytes, bytes);

    internal override void CopyOnDevice(ulong destination, ulong source, long bytes) =>
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);

    internal override void Zero(ulong destination, long bytes) => NativeMemory.Clear((void*)destination, (nuint)bytes);
}
