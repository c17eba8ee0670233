namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>What a <see cref="CudaMaml"/> computes and the largest batch it must hold.</summary>
/// <param name="InnerSteps">Inner SGD steps K (0 or more).</param>
/// <param name="InnerLearningRate">Inner step size alpha.</param>
/// <param name="FirstOrder">Drop the Hessian terms (first-order MAML).</param>
/// <param name="TrainPoints">Points per task in the train (support) split.</param>
/// <param name="ValidationPoints">Points per task in the validation (query) split.</param>
/// <param name="MaxTasks">The largest meta-batch; device memory is sized for it once.</param>
/// <param name="ThreadsPerBlock">Threads per task's block; a multiple of 32 (the kernels reduce by warps).</param>
public sealed record MamlSettings(
    int InnerSteps,
    float InnerLearningRate,
    bool FirstOrder,
    int TrainPoints,
    int ValidationPoints,
    int MaxTasks,
    int ThreadsPerBlock = 256)
{
    /// <summary>Throws naming the first invalid setting.</summary>
    internal void Validate(int maxThreadsPerBlock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(InnerSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTasks, 1);
        if (ThreadsPerBlock < 32 || ThreadsPerBlock % 32 != 0 || ThreadsPerBlock > maxThreadsPerBlock)
            throw new ArgumentOutOfRangeException(nameof(ThreadsPerBlock), ThreadsPerBlock,
                $"Threads per block must be a multiple of 32 between 32 and {maxThreadsPerBlock}.");
    }
}
