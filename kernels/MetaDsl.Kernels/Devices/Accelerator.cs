namespace MetaDsl.Kernels.Devices;

/// <summary>
/// A device that owns memory and runs kernels, shaped like ILGPU's <c>Accelerator</c> so a future
/// ILGPU backend is a port. Memory and kernels created by an accelerator belong to it and are
/// released when it is disposed. Operations on one accelerator are ordered: a launch sees every
/// copy issued before it and a copy to the host waits for every launch issued before it.
/// </summary>
public abstract class Accelerator : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<IDeviceAllocation> _allocations = [];
    private readonly Dictionary<KernelDefinition, Kernel> _kernels = new(ReferenceEqualityComparer.Instance);

    private protected Accelerator(Context context) => Context = context;

    /// <summary>The context that created this accelerator.</summary>
    public Context Context { get; }

    /// <summary>The kind of device.</summary>
    public abstract AcceleratorType Type { get; }

    /// <summary>A human-readable device name.</summary>
    public abstract string Name { get; }

    /// <summary>The largest number of threads one block may have.</summary>
    public abstract int MaxThreadsPerBlock { get; }

    /// <summary>The most dynamic shared memory, in bytes, one block may request.</summary>
    public abstract int MaxSharedMemoryPerBlock { get; }

    /// <summary>How many blocks run at once at most: streaming multiprocessors on a GPU, cores on the CPU.</summary>
    public abstract int MultiprocessorCount { get; }

    /// <summary>Whether <see cref="Dispose()"/> has run.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Allocates uninitialized device memory for <paramref name="length"/> elements.</summary>
    public MemoryBuffer<T> Allocate1D<T>(long length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ThrowIfDisposed();
        var buffer = new MemoryBuffer<T>(this, length);
        Register(buffer);
        return buffer;
    }

    /// <summary>Allocates device memory holding a copy of <paramref name="data"/>.</summary>
    public MemoryBuffer<T> Allocate1D<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = Allocate1D<T>(data.Length);
        buffer.View.CopyFromCpu(data);
        return buffer;
    }

    /// <summary>
    /// Prepares <paramref name="definition"/> for launching on this accelerator (compiling it on a GPU).
    /// Loading the same definition again returns the same kernel.
    /// </summary>
    public Kernel LoadKernel(KernelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfDisposed();
        lock (_gate)
        {
            if (!_kernels.TryGetValue(definition, out var kernel))
            {
                kernel = CreateKernel(definition);
                _kernels.Add(definition, kernel);
            }
            return kernel;
        }
    }

    /// <summary>Blocks until every operation issued on this accelerator has finished.</summary>
    public abstract void Synchronize();

    /// <summary>Frees every buffer and kernel of this accelerator, then the device itself.</summary>
    public void Dispose()
    {
        if (IsDisposed) return;
        IDeviceAllocation[] live;
        lock (_gate)
        {
            live = [.. _allocations];
            _allocations.Clear();
            _kernels.Clear();
        }
        foreach (var allocation in live) allocation.Release();
        DisposeDevice();
        IsDisposed = true;
        GC.SuppressFinalize(this);
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the accelerator is disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Makes the accelerator free <paramref name="allocation"/> if it is still alive at disposal.</summary>
    internal void Register(IDeviceAllocation allocation)
    {
        lock (_gate) _allocations.Add(allocation);
    }

    /// <summary>Called when an allocation is freed by its owner.</summary>
    internal void Forget(IDeviceAllocation allocation)
    {
        lock (_gate) _allocations.Remove(allocation);
    }

    /// <summary>Builds the launcher for a definition; called once per definition.</summary>
    private protected abstract Kernel CreateKernel(KernelDefinition definition);

    /// <summary>Releases the device after all buffers are freed.</summary>
    private protected abstract void DisposeDevice();

    internal abstract ulong AllocateBytes(long bytes);

    internal abstract void FreeBytes(ulong address);

    internal abstract unsafe void CopyFromHost(ulong destination, void* source, long bytes);

    internal abstract unsafe void CopyToHost(void* destination, ulong source, long bytes);

    internal abstract void CopyOnDevice(ulong destination, ulong source, long bytes);

    internal abstract void Zero(ulong destination, long bytes);
}

/// <summary>Something an accelerator must free when it is disposed before its owner is.</summary>
internal interface IDeviceAllocation
{
    /// <summary>Frees the device memory without touching the accelerator's bookkeeping.</summary>
    void Release();
}
