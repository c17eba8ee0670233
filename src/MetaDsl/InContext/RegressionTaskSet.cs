using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>
/// A fixed number of in-context linear regression tasks as tokens (von Oswald et al. 2023): each task
/// draws w ~ N(0, I) and <see cref="RegressionTokens.Count"/> inputs x ~ U(−1, 1)^d, and its tokens are
/// the context (x_i, wᵀx_i) followed by the query (x_q, 0), whose target wᵀx_q is kept apart. The tasks
/// are split into chunks of at most <see cref="ChunkSize"/>, each a <see cref="Batch{T}"/> (tokens
/// [c, 11, 11], targets [c, 1]) that an LSA learner's <c>Loss</c>, <c>Gradient</c> or <c>Predict</c> takes.
/// Buffers are allocated once; <see cref="Sample"/> redraws every task in place.
/// </summary>
public sealed class RegressionTaskSet<T> : IInContextTasks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int TaskTokens = RegressionTokens.Count * RegressionTokens.Width;
    private readonly Batch<T>[] _chunks;

    /// <summary>Allocates <paramref name="count"/> tasks in chunks of <paramref name="chunkSize"/> (the last may be smaller).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public RegressionTaskSet(int count, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        Count = count;
        ChunkSize = chunkSize;
        _chunks = new Batch<T>[(count + chunkSize - 1) / chunkSize];
        for (int c = 0; c < _chunks.Length; c++)
        {
            int n = Math.Min(chunkSize, count - c * chunkSize);
            _chunks[c] = new Batch<T>(
                new Tensor<T>(new T[n * TaskTokens], n, RegressionTokens.Count, RegressionTokens.Width),
                new Tensor<T>(new T[n], n, 1));
        }
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>The most tasks in one chunk.</summary>
    public int ChunkSize { get; }

    /// <summary>The chunks in task order: (tokens, targets) batches.</summary>
    public IReadOnlyList<Batch<T>> Chunks => _chunks;

    /// <summary>Task <paramref name="task"/>'s tokens, row-major [11, 11].</summary>
    public ReadOnlySpan<T> Tokens(int task) => _chunks[task / ChunkSize][0].Data.AsSpan(task % ChunkSize * TaskTokens, TaskTokens);

    /// <summary>Task <paramref name="task"/>'s query target wᵀx_q.</summary>
    public T Target(int task) => _chunks[task / ChunkSize][1].Data[task % ChunkSize];

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng)
    {
        const int d = RegressionTokens.Dimension, width = RegressionTokens.Width;
        Span<double> w = stackalloc double[d];
        foreach (var chunk in _chunks)
        {
            var tokens = chunk[0].Data;
            var targets = chunk[1].Data;
            for (int t = 0; t < targets.Length; t++)
            {
                for (int j = 0; j < d; j++) w[j] = rng.NextGaussian();
                for (int i = 0; i < RegressionTokens.Count; i++)
                {
                    var token = tokens.AsSpan((t * RegressionTokens.Count + i) * width, width);
                    double y = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double x = rng.NextDouble(-1, 1);
                        token[j] = T.CreateChecked(x);
                        y += w[j] * x;
                    }
                    // The query's y-slot stays 0: its target is what the model must predict.
                    bool query = i == RegressionTokens.Query;
                    token[RegressionTokens.Target] = query ? T.Zero : T.CreateChecked(y);
                    if (query) targets[t] = T.CreateChecked(y);
                }
            }
        }
    }
}
