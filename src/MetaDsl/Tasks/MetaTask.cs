namespace MetaDsl.Tasks;

/// <summary>
/// One few-shot task: a support batch to adapt on and a query batch to evaluate on, both in the
/// learner's <c>[Loss]</c> input order. Its tensors are allocated once by
/// <see cref="ITaskSampler{T}.Allocate"/> and refilled in place by <see cref="ITaskSampler{T}.Sample"/>,
/// so sampling allocates nothing per step.
/// </summary>
public sealed class MetaTask<T> where T : unmanaged
{
    /// <summary>Wraps preallocated batches.</summary>
    public MetaTask(Batch<T> support, Batch<T> query)
    {
        Support = support;
        Query = query;
    }

    /// <summary>The examples adapted on.</summary>
    public Batch<T> Support { get; }

    /// <summary>The held-out examples of the same task.</summary>
    public Batch<T> Query { get; }
}
