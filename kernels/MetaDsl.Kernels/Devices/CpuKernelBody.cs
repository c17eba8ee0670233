namespace MetaDsl.Kernels.Devices;

/// <summary>
/// The C# twin of a GPU kernel, run by <see cref="CpuAccelerator"/> once per block. It does, for the
/// block <paramref name="block"/>, what all the block's threads do together on a GPU: blocks are the
/// unit of parallelism on the CPU, and running a block's threads as loops between barriers keeps
/// C# kernels simple and free of thread synchronization.
/// </summary>
/// <param name="block">The block's index, the launch's extents and the block's shared memory.</param>
/// <param name="arguments">The launch arguments, in parameter order.</param>
public delegate void CpuKernelBody(CpuBlock block, KernelArguments arguments);

/// <summary>What a C# kernel body knows about the block it runs.</summary>
public readonly ref struct CpuBlock
{
    internal CpuBlock(Dim3 index, Dim3 gridDim, Dim3 blockDim, Span<byte> sharedMemory)
    {
        Index = index;
        GridDim = gridDim;
        BlockDim = blockDim;
        SharedMemory = sharedMemory;
    }

    /// <summary>This block's index in the grid (CUDA's <c>blockIdx</c>).</summary>
    public Dim3 Index { get; }

    /// <summary>Blocks in the grid (CUDA's <c>gridDim</c>).</summary>
    public Dim3 GridDim { get; }

    /// <summary>Threads per block (CUDA's <c>blockDim</c>).</summary>
    public Dim3 BlockDim { get; }

    /// <summary>The block's dynamic shared memory, zeroed before the block runs.</summary>
    public Span<byte> SharedMemory { get; }
}
