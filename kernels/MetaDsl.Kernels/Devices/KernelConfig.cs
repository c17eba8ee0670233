namespace MetaDsl.Kernels.Devices;

/// <summary>How a kernel is launched: grid of blocks, threads per block, and dynamic shared memory per block.</summary>
/// <param name="Grid">Number of blocks along each dimension.</param>
/// <param name="Block">Number of threads per block along each dimension.</param>
/// <param name="SharedMemoryBytes">Bytes of dynamic shared memory given to each block.</param>
public readonly record struct KernelConfig(Dim3 Grid, Dim3 Block, int SharedMemoryBytes = 0)
{
    /// <summary>Throws when any extent is not positive or shared memory is negative.</summary>
    internal void Validate(int maxThreadsPerBlock)
    {
        if (Grid.X < 1 || Grid.Y < 1 || Grid.Z < 1)
            throw new ArgumentOutOfRangeException(nameof(Grid), Grid, "Every grid dimension must be at least 1.");
        if (Block.X < 1 || Block.Y < 1 || Block.Z < 1)
            throw new ArgumentOutOfRangeException(nameof(Block), Block, "Every block dimension must be at least 1.");
        if (Block.Size > maxThreadsPerBlock)
            throw new ArgumentOutOfRangeException(nameof(Block), Block,
                $"A block of {Block.Size} threads exceeds the accelerator's limit of {maxThreadsPerBlock}.");
        if (SharedMemoryBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(SharedMemoryBytes), SharedMemoryBytes, "Shared memory cannot be negative.");
    }
}
