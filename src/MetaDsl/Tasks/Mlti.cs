using System.Numerics;
using System.Runtime.CompilerServices;

namespace MetaDsl.Tasks;

/// <summary>
/// Meta-learning with task interpolation (MLTI, Yao et al. 2021) as a sampler wrapper: every task
/// is a mix of two tasks drawn from the inner sampler, with λ ~ Beta(α, α) shared by support and
/// query.
/// <list type="bullet">
/// <item>Regression (any sampler that is not an <see cref="IClassificationSampler{T}"/>): every
/// tensor of both batches, inputs and targets, becomes λ·a + (1 − λ)·b.</item>
/// <item>Classification: the inputs of class c in the first task are mixed with those of class c in
/// the second (the class-major layout pairs rows one to one), and the labels of the first task are
/// kept. The paper mixes one-hot labels too; keeping hard labels lets the mixed task feed the same
/// cross-entropy-on-class-index learners as the plain one, and with λ ~ Beta(α, α) the first task
/// dominates about half the time, which is the class the label names.</item>
/// </list>
/// </summary>
public sealed class Mlti<T> : ITaskSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITaskSampler<T> _inner;
    private readonly bool _classification;

    // Each task handed out owns a partner task for the second draw, so that Sample allocates nothing
    // and tasks used on different threads never share scratch space.
    private readonly ConditionalWeakTable<MetaTask<T>, MetaTask<T>> _partners = new();

    /// <summary>Wraps <paramref name="inner"/>, mixing with λ ~ Beta(<paramref name="alpha"/>, <paramref name="alpha"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">α is not positive and finite.</exception>
    public Mlti(ITaskSampler<T> inner, double alpha = 0.5)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The Beta parameter α must be positive and finite.");
        _inner = inner;
        _classification = inner is IClassificationSampler<T>;
        Alpha = alpha;
    }

    /// <summary>The Beta(α, α) parameter.</summary>
    public double Alpha { get; }

    /// <summary>The λ of the task drawn last (weight of the first task); shared across threads like the sampler.</summary>
    public double LastLambda { get; private set; }

    /// <inheritdoc/>
    public MetaTask<T> Allocate()
    {
        var task = _inner.Allocate();
        _partners.Add(task, _inner.Allocate());
        return task;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="task"/> was not allocated by this sampler.</exception>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!_partners.TryGetValue(task, out var partner))
            throw new ArgumentException("The task was not allocated by this Mlti sampler's Allocate, so it has no partner task to mix with.", nameof(task));
        _inner.Sample(ref rng, task);
        _inner.Sample(ref rng, partner);
        double lambda = RandomDistributions.NextBeta(ref rng, Alpha, Alpha);
        Mix(task.Support, partner.Support, lambda);
        Mix(task.Query, partner.Query, lambda);
        LastLambda = lambda;
    }

    private void Mix(Batch<T> into, Batch<T> other, double lambda)
    {
        // Classification keeps the first task's labels (the last tensor); regression mixes all.
        int mixed = _classification ? into.Count - 1 : into.Count;
        var a = T.CreateChecked(lambda);
        var b = T.CreateChecked(1.0 - lambda);
        for (int t = 0; t < mixed; t++)
        {
            var x = into[t].Data;
            var y = other[t].Data;
            for (int i = 0; i < x.Length; i++) x[i] = a * x[i] + b * y[i];
        }
    }
}
