using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// One thread's worker in a meta-batch: computes one task's meta-gradient with its own scratch
/// memory, so workers on different threads share nothing mutable.
/// </summary>
internal interface ITaskGradient<T> where T : unmanaged
{
    /// <summary>Writes the task's meta-gradient with respect to <paramref name="inputs"/> and returns its loss.</summary>
    T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient);
}
