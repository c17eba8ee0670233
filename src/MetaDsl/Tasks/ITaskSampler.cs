namespace MetaDsl.Tasks;

/// <summary>A reproducible source of few-shot tasks.</summary>
public interface ITaskSampler<T> where T : unmanaged
{
    /// <summary>Allocates a task whose tensors have this sampler's shapes.</summary>
    MetaTask<T> Allocate();

    /// <summary>Draws a new task into <paramref name="task"/>, advancing <paramref name="rng"/>: the same stream gives the same task.</summary>
    void Sample(ref SplitMix64 rng, MetaTask<T> task);
}
