using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Meta-SGD (Li et al., 2017): MAML whose inner step size is a learned vector alpha, one entry per
/// entry of theta: theta_{k+1} = theta_k − alpha ⊙ ∇L_support(theta_k). The meta-gradient covers
/// theta and alpha, with d/dalpha = −Σ_k ∇L_support(theta_k) ⊙ g_{k+1}. Entries of alpha that
/// belong to <c>[MetaParam]</c>s are unused and get a zero gradient. The query loss is the learner's
/// <c>[MetaLoss]</c> (its <c>[Loss]</c> without one). Registered as <c>metasgd</c>:
/// its meta-parameters are theta followed by alpha, stored in checkpoints as extra tensors named
/// <see cref="RatePrefix"/> + the parameter's name, and adaptation uses the learned step sizes.
/// </summary>
/// <remarks>Allocation-free once constructed (single-threaded); not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MetaSgd<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The prefix of the step-size tensors' names in checkpoints.</summary>
    public const string RatePrefix = "lr.";

    private readonly MetaBatch<T> _batch;
    private readonly InnerLoop<TLearner, T> _loop;
    private readonly DeviceInnerLoop<TLearner, T>? _device;
    private readonly T[] _gradient;
    private readonly T _initialRate;

    /// <summary>Allocates the trajectory, the stored support gradients and scratch for every thread.</summary>
    public MetaSgd(MetaSgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        if (!double.IsFinite(options.InitialLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.InitialLearningRate, "The initial step size must be finite.");
        Options = options;
        var mask = ParameterMask.ForMetaParameters(TLearner.Info);
        if (options.Device.IsAccelerator)
            _device = new DeviceInnerLoop<TLearner, T>(options.Device, options.InnerSteps, [], mask, options.Order, queryWeights: null, vectorRates: true);
        var workers = new InnerLoop<TLearner, T>[options.Threads];
        // Test-time adaptation runs on worker 0, through the device loop's kernels when there is one.
        for (int w = 0; w < workers.Length; w++)
            workers[w] = new InnerLoop<TLearner, T>(options.InnerSteps, [], mask, options.Order, vectorRates: true, adaptOn: w == 0 ? _device?.Calls : null);
        _loop = workers[0];
        _batch = new MetaBatch<T>(workers, 2 * _loop.Length, 2 * _loop.Length);
        _gradient = new T[2 * _loop.Length];
        _initialRate = T.CreateChecked(options.InitialLearningRate);
        var theta = CheckpointParameter.Of(TLearner.Info);
        Layout = [.. theta, .. theta.Select(p => p with { Name = RatePrefix + p.Name, Offset = _loop.Length + p.Offset })];
    }

    /// <summary>The settings.</summary>
    public MetaSgdOptions Options { get; }

    /// <inheritdoc/>
    public string Name => MetaSgdDefinition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <summary>Twice the learner's parameter count: theta, then one step size per entry.</summary>
    public int Length => 2 * _loop.Length;

    /// <summary>Theta's tensors, then the step sizes' under <see cref="RatePrefix"/>.</summary>
    public IReadOnlyList<CheckpointParameter> Layout { get; }

    /// <summary>Initializes theta as the learner does and every step size to <see cref="MetaSgdOptions.InitialLearningRate"/>.</summary>
    public void Initialize(Span<T> parameters, int seed)
    {
        Guard.Length<T>(parameters, Length, TLearner.Info.Name, nameof(parameters));
        TLearner.Initialize(parameters[.._loop.Length], seed);
        parameters[_loop.Length..].Fill(_initialRate);
    }

    /// <summary>
    /// Writes one task's meta-gradients for theta and for the step sizes and returns the query loss after adaptation.
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, MetaTask<T> task, Span<T> thetaGradient, Span<T> learningRateGradient) =>
        _device is null
            ? _loop.MetaGradient(theta, learningRates, task, thetaGradient, learningRateGradient)
            : _device.MetaGradient(theta, learningRates, [task], thetaGradient, learningRateGradient);

    /// <summary>Writes both meta-gradients averaged over <paramref name="tasks"/> and returns the mean query loss after adaptation.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, IReadOnlyList<MetaTask<T>> tasks, Span<T> thetaGradient, Span<T> learningRateGradient)
    {
        var info = TLearner.Info;
        int n = _loop.Length;
        Guard.Theta(theta, info, nameof(theta));
        Guard.Length(learningRates, n, info.Name, nameof(learningRates));
        Guard.Length<T>(thetaGradient, n, info.Name, nameof(thetaGradient));
        Guard.Length<T>(learningRateGradient, n, info.Name, nameof(learningRateGradient));
        if (_device is not null) return _device.MetaGradient(theta, learningRates, tasks, thetaGradient, learningRateGradient);
        theta.CopyTo(_batch.Inputs[..n]);
        learningRates.CopyTo(_batch.Inputs[n..]);
        T loss = _batch.Average(tasks, _gradient);
        _gradient.AsSpan(0, n).CopyTo(thetaGradient);
        _gradient.AsSpan(n).CopyTo(learningRateGradient);
        return loss;
    }

    /// <summary>The meta-gradient of theta followed by step sizes (<paramref name="parameters"/>), averaged over <paramref name="tasks"/>, in the same layout.</summary>
    public T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient)
    {
        int n = _loop.Length;
        Guard.Length(parameters, Length, TLearner.Info.Name, nameof(parameters));
        Guard.Length<T>(gradient, Length, TLearner.Info.Name, nameof(gradient));
        return MetaGradient(parameters[..n], parameters[n..], tasks, gradient[..n], gradient[n..]);
    }

    /// <summary>Takes <paramref name="steps"/> inner steps with the learned step sizes from <paramref name="theta"/> on <paramref name="support"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, ReadOnlySpan<T> learningRates, Batch<T> support, int steps, Span<T> adapted) =>
        _loop.Adapt(theta, learningRates, support, steps, adapted);

    /// <summary>Takes <paramref name="steps"/> inner steps from theta at the step sizes that follow it in <paramref name="parameters"/>.</summary>
    public void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted)
    {
        Guard.Length(parameters, Length, TLearner.Info.Name, nameof(parameters));
        Adapt(parameters[.._loop.Length], parameters[_loop.Length..], support, steps, adapted);
    }

    /// <summary>Fine-tuning uses the learned step sizes.</summary>
    public FineTuningPlan<T> PlanFineTuning(ReadOnlySpan<T> parameters)
    {
        Guard.Length(parameters, Length, TLearner.Info.Name, nameof(parameters));
        return FineTuningPlan<T>.Sgd(TLearner.Info, parameters) with { StepSizes = parameters[_loop.Length..].ToArray() };
    }
}

/// <summary><c>metasgd</c> in <see cref="MetaAlgorithms"/>; the step sizes start at <see cref="MetaAlgorithmSettings.InnerLearningRate"/>.</summary>
internal sealed class MetaSgdDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "metasgd";

    public override bool RunsOnAccelerators => true;

    public override int MetaParameterCount(LearnerInfo learner) => 2 * base.MetaParameterCount(learner);

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new MetaSgd<TLearner, T>(new MetaSgdOptions
        {
            InnerSteps = settings.InnerSteps,
            InitialLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
        });
}
