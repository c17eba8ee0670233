namespace MetaDsl.InContext;

/// <summary>
/// A meta-batch of in-context tasks held as chunks, each a <see cref="Batch{T}"/> of whole tasks (its first
/// tensor's leading dim counts them) that a learner's <c>Loss</c> or <c>Gradient</c> takes; <see cref="Sample"/>
/// redraws every task in place, so buffers are allocated once.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IInContextTasks<T> where T : unmanaged
{
    /// <summary>The number of tasks.</summary>
    int Count { get; }

    /// <summary>The chunks in task order.</summary>
    IReadOnlyList<Batch<T>> Chunks { get; }

    /// <summary>Redraws every task in order from <paramref name="rng"/>: the same stream gives the same tasks.</summary>
    void Sample(ref SplitMix64 rng);
}
