namespace MetaDsl.Tasks;

/// <summary>
/// A sampler of N-way classification tasks. Its batches are (inputs [N·k, …], labels [N·k]) laid out
/// class-major: rows c·k to (c+1)·k − 1 belong to class c and carry label c, with k the shots
/// (support) or the queries per class (query). <see cref="Mlti{T}"/> relies on this layout to
/// match classes between two tasks.
/// </summary>
public interface IClassificationSampler<T> : ITaskSampler<T> where T : unmanaged
{
    /// <summary>Classes per task (N).</summary>
    int Ways { get; }

    /// <summary>Support examples per class (K).</summary>
    int Shots { get; }

    /// <summary>Query examples per class.</summary>
    int QueriesPerClass { get; }
}
