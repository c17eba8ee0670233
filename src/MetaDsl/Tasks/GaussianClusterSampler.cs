using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// Synthetic N-way K-shot classification: each task draws N class means ~ N(0, spread² I) in
/// <see cref="Dimension"/> dims and points ~ N(mean, I). Batches are (x [N·k, d], labels [N·k])
/// with labels the class indices 0..N−1 as <typeparamref name="T"/>, class-major
/// (see <see cref="IClassificationSampler{T}"/>).
/// </summary>
public sealed class GaussianClusterSampler<T> : IClassificationSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a sampler.</summary>
    /// <param name="ways">Classes per task (N).</param>
    /// <param name="shots">Support points per class (K).</param>
    /// <param name="queriesPerClass">Query points per class.</param>
    /// <param name="dimension">The input dimension d.</param>
    /// <param name="spread">The standard deviation of the class means around the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is less than 1, or the spread is negative or not finite.</exception>
    public GaussianClusterSampler(int ways, int shots, int queriesPerClass, int dimension, double spread = 3.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queriesPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!double.IsFinite(spread) || spread < 0)
            throw new ArgumentOutOfRangeException(nameof(spread), spread, "The spread must be finite and at least 0.");
        Ways = ways;
        Shots = shots;
        QueriesPerClass = queriesPerClass;
        Dimension = dimension;
        Spread = spread;
    }

    /// <inheritdoc/>
    public int Ways { get; }

    /// <inheritdoc/>
    public int Shots { get; }

    /// <inheritdoc/>
    public int QueriesPerClass { get; }

    /// <summary>The input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The standard deviation of the class means.</summary>
    public double Spread { get; }

    /// <inheritdoc/>
    public MetaTask<T> Allocate() => new(AllocateBatch(Shots), AllocateBatch(QueriesPerClass));

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskShape.Check(task.Support, "support", [Ways * Shots, Dimension], [Ways * Shots]);
        TaskShape.Check(task.Query, "query", [Ways * QueriesPerClass, Dimension], [Ways * QueriesPerClass]);
        var xs = task.Support[0].Data;
        var xq = task.Query[0].Data;
        int d = Dimension;
        for (int c = 0; c < Ways; c++)
        {
            // The class mean is drawn into the class's first support row, which then serves as
            // the mean for the other rows and gets its own noise last: no scratch buffer needed.
            var mean = xs.AsSpan(c * Shots * d, d);
            for (int j = 0; j < d; j++) mean[j] = T.CreateChecked(Spread * rng.NextGaussian());
            for (int i = 1; i < Shots; i++) AddNoise(ref rng, mean, xs.AsSpan((c * Shots + i) * d, d));
            for (int i = 0; i < QueriesPerClass; i++) AddNoise(ref rng, mean, xq.AsSpan((c * QueriesPerClass + i) * d, d));
            for (int j = 0; j < d; j++) mean[j] += T.CreateChecked(rng.NextGaussian());
        }
        FillLabels(task.Support[1].Data, Shots);
        FillLabels(task.Query[1].Data, QueriesPerClass);
    }

    private Batch<T> AllocateBatch(int perClass)
    {
        int n = Ways * perClass;
        return new(new Tensor<T>(new T[n * Dimension], n, Dimension), new Tensor<T>(new T[n], n));
    }

    private static void AddNoise(ref SplitMix64 rng, ReadOnlySpan<T> mean, Span<T> row)
    {
        for (int j = 0; j < row.Length; j++) row[j] = mean[j] + T.CreateChecked(rng.NextGaussian());
    }

    private static void FillLabels(T[] labels, int perClass)
    {
        for (int i = 0; i < labels.Length; i++) labels[i] = T.CreateChecked(i / perClass);
    }
}
