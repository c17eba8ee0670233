using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Implicit MAML (Rajeswaran et al., 2019). The inner loop approximately solves the proximal problem
/// min_phi L_support(phi) + lambda/2·||phi − theta||² by gradient steps; the meta-gradient solves
/// (I + H/lambda) x = ∇L_query(phi*) (L_query the learner's <c>[MetaLoss]</c>, its <c>[Loss]</c> without one) by conjugate gradient on Hessian-vector products, so its cost
/// and memory do not depend on the path the inner solver took. It is exact when the inner problem is
/// solved exactly and conjugate gradient converges. Registered as <c>imaml</c>. As an
/// <see cref="IAdaptation{T}"/> it adapts by plain SGD at the inner step size, not by the proximal solve,
/// so that its rows after 1, 5 and 10 steps compare like for like with MAML's.
/// </summary>
/// <remarks>Allocation-free once constructed (single-threaded); not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ImplicitMaml<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly ImplicitMamlStep<TLearner, T> _step;
    private readonly SgdAdaptation<TLearner, T> _sgd;
    private readonly DeviceImplicitMamlLoop<TLearner, T>? _device;

    /// <summary>Allocates the buffers for every thread.</summary>
    public ImplicitMaml(ImplicitMamlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Regularization > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Regularization, "Regularization (lambda) must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConjugateGradientIterations, 1, nameof(options.ConjugateGradientIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        Options = options;
        var workers = new ImplicitMamlStep<TLearner, T>[options.Threads];
        for (int w = 0; w < workers.Length; w++) workers[w] = new ImplicitMamlStep<TLearner, T>(options);
        _step = workers[0];
        int n = TLearner.Info.ParameterCount;
        _batch = new MetaBatch<T>(workers, n, n);
        if (options.Device.IsAccelerator) _device = new DeviceImplicitMamlLoop<TLearner, T>(options.Device, options);
        _sgd = new SgdAdaptation<TLearner, T>(options.InnerLearningRate, taskObjective: false, _device?.Calls ?? LearnerCalls<TLearner, T>.Cpu);
    }

    /// <summary>The settings.</summary>
    public ImplicitMamlOptions Options { get; }

    /// <inheritdoc/>
    public string Name => ImplicitMamlDefinition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    /// <inheritdoc/>
    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    /// <summary>Conjugate-gradient iterations taken by the last single-task call (on a device, by the last task of the last call): a convergence diagnostic.</summary>
    public int LastConjugateGradientIterations => _device?.LastConjugateGradientIterations ?? _step.LastConjugateGradientIterations;

    /// <summary>Writes one task's implicit meta-gradient and returns the query loss at the inner solution.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        if (_device is not null) return _device.MetaGradient(theta, [task], metaGradient);
        return _step.Compute(theta, task, metaGradient);
    }

    /// <summary>Writes the implicit meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        if (_device is not null) return _device.MetaGradient(theta, tasks, metaGradient);
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

    /// <summary>Plain SGD at the inner step size for <paramref name="steps"/> steps (see the remarks on the type).</summary>
    void IAdaptation<T>.Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _sgd.Adapt(parameters, support, steps, adapted);

    private static void Check(ReadOnlySpan<T> theta, Span<T> output)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(output, TLearner.Info.ParameterCount, TLearner.Info.Name, nameof(output));
    }
}

/// <summary><c>imaml</c> in <see cref="MetaAlgorithms"/>; lambda is <see cref="MetaAlgorithmSettings.Regularization"/>.</summary>
internal sealed class ImplicitMamlDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "imaml";

    public override bool RunsOnAccelerators => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new ImplicitMaml<TLearner, T>(new ImplicitMamlOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Regularization = settings.Regularization,
            Threads = settings.Threads,
            Device = settings.Device,
        });
}
