namespace MetaDsl.InContext;

/// <summary>
/// A finite pool of classification tasks in the manner of Kirsch et al. (2022): task i projects a flattened
/// image x by a random matrix A_i (entries N(0, 1/d)) and relabels class c as π_i(c), a random permutation.
/// Each task is drawn from its own seed, a mix of the pool's seed and i, so a pool is reproducible task by task
/// and needs no storage; two pools with different seeds share no task (up to a 64-bit seed collision).
/// </summary>
public sealed class ProjectionTaskPool
{
    /// <summary>A pool of <paramref name="count"/> tasks over <paramref name="dimension"/>-dim inputs and <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1 (classes: less than 2).</exception>
    public ProjectionTaskPool(int count, int dimension, int classes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Count = count;
        Dimension = dimension;
        Classes = classes;
        Seed = seed;
    }

    /// <summary>The number of tasks.</summary>
    public int Count { get; }

    /// <summary>The input (and projected) dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The seed every task's is mixed from.</summary>
    public ulong Seed { get; }

    /// <summary>Writes task <paramref name="task"/>'s projection (row-major [d, d], A·x reads row r against x) and label permutation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The task is not in the pool.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Write(int task, Span<float> projection, Span<byte> permutation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(task, Count);
        if (projection.Length != Dimension * Dimension)
            throw new ArgumentException($"The projection of a {Dimension}-dim task holds {Dimension * Dimension} values, not {projection.Length}.", nameof(projection));
        if (permutation.Length != Classes)
            throw new ArgumentException($"The permutation of {Classes} classes holds {Classes} labels, not {permutation.Length}.", nameof(permutation));
        var rng = new SplitMix64(TaskSeed(task));
        double deviation = 1 / Math.Sqrt(Dimension);
        for (int i = 0; i < projection.Length; i++) projection[i] = (float)(deviation * rng.NextGaussian());
        for (int c = 0; c < Classes; c++) permutation[c] = (byte)c;
        for (int c = Classes - 1; c > 0; c--)
        {
            int other = rng.NextInt(c + 1);
            (permutation[c], permutation[other]) = (permutation[other], permutation[c]);
        }
    }

    private ulong TaskSeed(int task) => unchecked(Seed * 0x9E3779B97F4A7C15UL + (ulong)task * 0xD1B54A32D192ED03UL + 0x2545F4914F6CDD1DUL);
}
