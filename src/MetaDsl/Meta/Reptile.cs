using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Reptile (Nichol et al., 2018): K steps of SGD on a task's support set give theta_K, and the outer
/// update direction is theta − theta_K, averaged over the meta-batch. It is returned as a
/// "meta-gradient" so any outer optimizer applies it: SGD with rate epsilon moves theta by
/// epsilon·(theta_K − theta). <c>[MetaParam]</c>s do not adapt, so their direction is zero.
/// Registered as <c>reptile</c>; adaptation is plain SGD at alpha.
/// </summary>
/// <remarks>Allocation-free once warm (single-threaded); not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Reptile<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly ReptileStep<TLearner, T> _step;
    private readonly DeviceReptileLoop<TLearner, T>? _device;

    /// <summary>Allocates the buffers for every thread.</summary>
    public Reptile(ReptileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InnerBatchSize, nameof(options.InnerBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        Options = options;
        if (options.Device.IsAccelerator) _device = new DeviceReptileLoop<TLearner, T>(options.Device, options);
        var workers = new ReptileStep<TLearner, T>[options.Threads];
        // Test-time adaptation runs on worker 0, through the device loop's kernels when there is one.
        for (int w = 0; w < workers.Length; w++) workers[w] = new ReptileStep<TLearner, T>(options, w == 0 ? _device?.Calls : null);
        _step = workers[0];
        int n = TLearner.Info.ParameterCount;
        _batch = new MetaBatch<T>(workers, n, n);
    }

    /// <summary>The settings.</summary>
    public ReptileOptions Options { get; }

    /// <inheritdoc/>
    public string Name => ReptileDefinition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    /// <inheritdoc/>
    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    /// <summary>Writes theta − theta_K for one task into <paramref name="direction"/> and returns the query loss at theta_K.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> direction)
    {
        Check(theta, direction);
        if (_device is not null) return _device.MetaGradient(theta, [task], direction);
        return _step.Compute(theta, task, direction);
    }

    /// <summary>Writes the mean of theta − theta_K over <paramref name="tasks"/> and returns the mean query loss at the adapted parameters.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> direction)
    {
        Check(theta, direction);
        if (_device is not null) return _device.MetaGradient(theta, tasks, direction);
        theta.CopyTo(_batch.Inputs);
        return _batch.Average(tasks, direction);
    }

    /// <summary>Takes <paramref name="steps"/> inner SGD steps from <paramref name="theta"/> on <paramref name="support"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, int steps, Span<T> adapted)
    {
        Check(theta, adapted);
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        _step.Adapt(theta, support, steps, adapted);
    }

    private static void Check(ReadOnlySpan<T> theta, Span<T> output)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(output, TLearner.Info.ParameterCount, TLearner.Info.Name, nameof(output));
    }
}

/// <summary><c>reptile</c> in <see cref="MetaAlgorithms"/>.</summary>
internal sealed class ReptileDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "reptile";

    public override bool RunsOnAccelerators => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new Reptile<TLearner, T>(new ReptileOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
        });
}
