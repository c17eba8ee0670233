using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Meta-SGD (Li et al., 2017): MAML whose inner step size is a learned vector alpha, one entry per
/// entry of theta: theta_{k+1} = theta_k − alpha ⊙ ∇L_support(theta_k). The meta-gradient covers
/// theta and alpha, with d/dalpha = −Σ_k ∇L_support(theta_k) ⊙ g_{k+1}. Entries of alpha that
/// belong to <c>[MetaParam]</c>s are unused and get a zero gradient.
/// </summary>
/// <remarks>Allocation-free once constructed (single-threaded); not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MetaSgd<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly InnerLoop<TLearner, T> _loop;
    private readonly T[] _gradient;

    /// <summary>Allocates the trajectory, the stored support gradients and scratch for every thread.</summary>
    public MetaSgd(MetaSgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        Options = options;
        var mask = ParameterMask.ForMetaParameters(TLearner.Info);
        var workers = new InnerLoop<TLearner, T>[options.Threads];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = new InnerLoop<TLearner, T>(options.InnerSteps, [], mask, options.Order, vectorRates: true);
        _loop = workers[0];
        _batch = new MetaBatch<T>(workers, 2 * _loop.Length, 2 * _loop.Length);
        _gradient = new T[2 * _loop.Length];
    }

    /// <summary>The settings.</summary>
    public MetaSgdOptions Options { get; }

    /// <summary>
    /// Writes one task's meta-gradients for theta and for the step sizes and returns the query loss after adaptation.
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, MetaTask<T> task, Span<T> thetaGradient, Span<T> learningRateGradient) =>
        _loop.MetaGradient(theta, learningRates, task, thetaGradient, learningRateGradient);

    /// <summary>Writes both meta-gradients averaged over <paramref name="tasks"/> and returns the mean query loss after adaptation.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, IReadOnlyList<MetaTask<T>> tasks, Span<T> thetaGradient, Span<T> learningRateGradient)
    {
        var info = TLearner.Info;
        int n = _loop.Length;
        Guard.Theta(theta, info, nameof(theta));
        Guard.Length(learningRates, n, info.Name, nameof(learningRates));
        Guard.Length<T>(thetaGradient, n, info.Name, nameof(thetaGradient));
        Guard.Length<T>(learningRateGradient, n, info.Name, nameof(learningRateGradient));
        theta.CopyTo(_batch.Inputs[..n]);
        learningRates.CopyTo(_batch.Inputs[n..]);
        T loss = _batch.Average(tasks, _gradient);
        _gradient.AsSpan(0, n).CopyTo(thetaGradient);
        _gradient.AsSpan(n).CopyTo(learningRateGradient);
        return loss;
    }

    /// <summary>Takes <paramref name="steps"/> inner steps with the learned step sizes from <paramref name="theta"/> on <paramref name="support"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, Batch<T> support, int steps, Span<T> adapted) =>
        _loop.Adapt(theta, learningRates, support, steps, adapted);
}
