using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Implicit MAML (Rajeswaran et al., 2019). The inner loop approximately solves the proximal problem
/// min_phi L_support(phi) + lambda/2·||phi − theta||² by gradient steps; the meta-gradient solves
/// (I + H/lambda) x = ∇L_query(phi*) by conjugate gradient on Hessian-vector products, so its cost
/// and memory do not depend on the path the inner solver took. It is exact when the inner problem is
/// solved exactly and conjugate gradient converges.
/// </summary>
/// <remarks>Allocation-free once constructed (single-threaded); not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ImplicitMaml<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly ImplicitMamlStep<TLearner, T> _step;

    /// <summary>Allocates the buffers for every thread.</summary>
    public ImplicitMaml(ImplicitMamlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Regularization > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Regularization, "Regularization (lambda) must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConjugateGradientIterations, 1, nameof(options.ConjugateGradientIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        Options = options;
        var workers = new ImplicitMamlStep<TLearner, T>[options.Threads];
        for (int w = 0; w < workers.Length; w++) workers[w] = new ImplicitMamlStep<TLearner, T>(options);
        _step = workers[0];
        int n = TLearner.Info.ParameterCount;
        _batch = new MetaBatch<T>(workers, n, n);
    }

    /// <summary>The settings.</summary>
    public ImplicitMamlOptions Options { get; }

    /// <summary>Conjugate-gradient iterations taken by the last single-task call (a convergence diagnostic).</summary>
    public int LastConjugateGradientIterations => _step.LastConjugateGradientIterations;

    /// <summary>Writes one task's implicit meta-gradient and returns the query loss at the inner solution.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        return _step.Compute(theta, task, metaGradient);
    }

    /// <summary>Writes the implicit meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        theta.CopyTo(_batch.Inputs);
        return _batch.Average(tasks, metaGradient);
    }

    /// <summary>Solves the proximal inner problem from <paramref name="theta"/> on <paramref name="support"/> into <paramref name="adapted"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, Span<T> adapted)
    {
        Check(theta, adapted);
        ArgumentNullException.ThrowIfNull(support);
        _step.Adapt(theta, support, adapted);
    }

    private static void Check(ReadOnlySpan<T> theta, Span<T> output)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(output, TLearner.Info.ParameterCount, TLearner.Info.Name, nameof(output));
    }
}
