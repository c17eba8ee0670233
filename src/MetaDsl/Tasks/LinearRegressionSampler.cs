using System.Buffers;
using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// Linear regression tasks for in-context learners: each task draws weights w ~ N(0, I) in
/// <see cref="Dimension"/> dims; inputs x ~ N(0, I) and targets y = w·x + ε with ε ~ N(0, σ²).
/// Batches are (x [n, d], y [n, 1]).
/// </summary>
public sealed class LinearRegressionSampler<T> : ITaskSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int StackLimit = 256;

    /// <summary>Creates a sampler.</summary>
    /// <param name="dimension">The input dimension d.</param>
    /// <param name="supportShots">Points in the support batch.</param>
    /// <param name="queryShots">Points in the query batch.</param>
    /// <param name="noiseStd">The standard deviation σ of the target noise (0 for none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is less than 1, or σ is negative or not finite.</exception>
    public LinearRegressionSampler(int dimension, int supportShots, int queryShots, double noiseStd = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(supportShots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryShots, 1);
        if (!double.IsFinite(noiseStd) || noiseStd < 0)
            throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "The noise standard deviation must be finite and at least 0.");
        Dimension = dimension;
        SupportShots = supportShots;
        QueryShots = queryShots;
        NoiseStd = noiseStd;
    }

    /// <summary>The input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Points in the support batch.</summary>
    public int SupportShots { get; }

    /// <summary>Points in the query batch.</summary>
    public int QueryShots { get; }

    /// <summary>The standard deviation of the target noise.</summary>
    public double NoiseStd { get; }

    /// <inheritdoc/>
    public MetaTask<T> Allocate() => new(AllocateBatch(SupportShots), AllocateBatch(QueryShots));

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskShape.Check(task.Support, "support", [SupportShots, Dimension], [SupportShots, 1]);
        TaskShape.Check(task.Query, "query", [QueryShots, Dimension], [QueryShots, 1]);
        // w is needed for every row; a stack buffer (or a pooled one for large d) holds it
        // so that sampling allocates nothing.
        double[]? rented = null;
        Span<double> w = Dimension <= StackLimit ? stackalloc double[StackLimit] : (rented = ArrayPool<double>.Shared.Rent(Dimension));
        w = w[..Dimension];
        for (int j = 0; j < w.Length; j++) w[j] = rng.NextGaussian();
        Fill(ref rng, w, task.Support);
        Fill(ref rng, w, task.Query);
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
    }

    private Batch<T> AllocateBatch(int n) =>
        new(new Tensor<T>(new T[n * Dimension], n, Dimension), new Tensor<T>(new T[n], n, 1));

    private void Fill(ref SplitMix64 rng, ReadOnlySpan<double> w, Batch<T> batch)
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int d = Dimension;
        for (int i = 0; i < y.Length; i++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++)
            {
                double xij = rng.NextGaussian();
                x[i * d + j] = T.CreateChecked(xij);
                dot += w[j] * xij;
            }
            if (NoiseStd > 0) dot += NoiseStd * rng.NextGaussian();
            y[i] = T.CreateChecked(dot);
        }
    }
}
