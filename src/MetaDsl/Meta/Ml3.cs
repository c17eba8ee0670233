using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Meta-learning via learned loss (ML³, Bechtle et al., 2021): the learner's <c>[MetaParam]</c>s form a loss network in
/// its <c>[Loss]</c>, and a model trained on that loss from a fresh random initialization for K steps should score well
/// on the <c>[MetaLoss]</c> (the task's own objective). Unlike MAML nothing of the model is meta-learned: each task
/// starts from its own draw of the learner's initializer, the inner loop descends the learned loss, and the exact
/// meta-gradient reaches only the loss network, through every step's mixed product. Registered as <c>ml3</c>.
/// </summary>
/// <remarks>
/// A task's initialization is seeded by its support set's values, so it is the same on every thread, rank and resumed
/// run, and test-time adaptation (<see cref="Adapt"/>) trains a fresh model exactly as meta-training did. Buffers are
/// allocated by the constructor; an instance is not safe for concurrent calls.
/// </remarks>
/// <typeparam name="TLearner">A learner with a learned loss: <c>[MetaParam]</c>s in its <c>[Loss]</c>, and a <c>[MetaLoss]</c>.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Ml3<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FreshStart[] _workers;
    private readonly MetaBatch<T> _batch;
    private readonly DeviceInnerLoop<TLearner, T>? _device;
    private readonly ParameterMask _meta, _adapted;
    private T[] _starts = [];

    /// <summary>
    /// Allocates every worker's trajectory. On an accelerator (<see cref="MamlOptions.Device"/>) the whole meta-batch's
    /// fresh models adapt in lockstep through the learner's generated kernels instead, with the CPU path's results.
    /// </summary>
    /// <exception cref="ArgumentException">The learner has no <c>[MetaParam]</c> or no <c>[MetaLoss]</c>, or the options are out of range.</exception>
    public Ml3(MamlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = TLearner.Info;
        if (Ml3Definition.Refusal(info) is { } refusal) throw new ArgumentException(refusal, nameof(TLearner));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        Options = options;
        var rates = options.StepRates<T>();
        var queryWeights = options.QueryWeights<T>();
        var mask = ParameterMask.ForMetaParameters(info);
        var adapted = ParameterMask.ForAdaptedParameters(info);
        if (options.Device.IsAccelerator)
            _device = new DeviceInnerLoop<TLearner, T>(options.Device, options.InnerSteps, rates, mask, options.Order, queryWeights);
        _workers = new FreshStart[options.Threads];
        // Test-time adaptation runs on worker 0, through the device loop's kernels when there is one.
        for (int w = 0; w < _workers.Length; w++)
            _workers[w] = new FreshStart(new InnerLoop<TLearner, T>(options.InnerSteps, rates, mask, options.Order, vectorRates: false, queryWeights,
                adaptOn: w == 0 ? _device?.Calls : null), mask, adapted);
        _batch = new MetaBatch<T>(_workers, info.ParameterCount, info.ParameterCount);
        (_meta, _adapted) = (mask, adapted);
    }

    /// <summary>The settings.</summary>
    public MamlOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Ml3Definition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    /// <summary>Fills the loss network (and, unused, a model) from the learner's initializer.</summary>
    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    /// <summary>Writes the meta-gradient over the loss network (zero at the model's entries) averaged over <paramref name="tasks"/>, and returns the mean query loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient)
    {
        Guard.Theta(parameters, TLearner.Info, nameof(parameters));
        Guard.Length<T>(gradient, Length, TLearner.Info.Name, nameof(gradient));
        if (_device is not null) return DeviceMetaGradient(parameters, tasks, gradient);
        parameters.CopyTo(_batch.Inputs);
        return _batch.Average(tasks, gradient);
    }

    /// <summary>Every task's fresh start on the host, then one device trajectory for the whole meta-batch.</summary>
    private T DeviceMetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int length = Length;
        if (_starts.Length < tasks.Count * length) _starts = new T[tasks.Count * length];
        var starts = _starts.AsSpan(0, tasks.Count * length);
        for (int t = 0; t < tasks.Count; t++)
        {
            ArgumentNullException.ThrowIfNull(tasks[t]);
            var start = starts.Slice(t * length, length);
            TLearner.Initialize(start, TaskSeed(tasks[t].Support));
            _meta.CopyFrozen(parameters, start);
        }
        T loss = _device!.MetaGradient(starts, tasks, gradient);
        _adapted.Clear(gradient);
        return loss;
    }

    /// <summary>Trains a fresh model (drawn from <paramref name="support"/>'s seed) for <paramref name="steps"/> steps on the learned loss of <paramref name="parameters"/>.</summary>
    public void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) => _workers[0].Adapt(parameters, support, steps, adapted);

    /// <summary>The seed of a task's initialization: FNV-1a over the bits of its support set's first input.</summary>
    internal static int TaskSeed(Batch<T> support)
    {
        ArgumentNullException.ThrowIfNull(support);
        ulong hash = 14695981039346656037UL;
        foreach (var value in support[0].Data)
        {
            hash ^= BitConverter.DoubleToUInt64Bits(double.CreateTruncating(value));
            hash *= 1099511628211UL;
        }
        return unchecked((int)(hash ^ (hash >> 32)));
    }

    /// <summary>A worker that replaces the model's entries of its inputs by the task's fresh initialization before MAML's inner loop.</summary>
    private sealed class FreshStart(InnerLoop<TLearner, T> loop, ParameterMask meta, ParameterMask adapted) : ITaskGradient<T>
    {
        private readonly T[] _start = new T[TLearner.Info.ParameterCount];

        public T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient)
        {
            Start(inputs, task.Support);
            T loss = loop.MetaGradient(_start, default, task, gradient, default);
            adapted.Clear(gradient);
            return loss;
        }

        public void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted)
        {
            Start(parameters, support);
            loop.Adapt(_start, default, support, steps, adapted);
        }

        private void Start(ReadOnlySpan<T> parameters, Batch<T> support)
        {
            TLearner.Initialize<T>(_start, TaskSeed(support));
            meta.CopyFrozen(parameters, _start);
        }
    }
}

/// <summary><c>ml3</c> in <see cref="MetaAlgorithms"/>.</summary>
internal sealed class Ml3Definition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "ml3";

    public override bool RunsOnAccelerators => true;

    public override bool TakesQueryLossWeights => true;

    public override string? Unsuitable(LearnerInfo learner) => Refusal(learner);

    /// <summary>Why ML³ cannot meta-train <paramref name="learner"/>, or null.</summary>
    public static string? Refusal(LearnerInfo learner) =>
        learner.MetaParameterCount == 0 ? $"ML³ meta-learns a loss network of [MetaParam]s in the [Loss]; {learner.Name} has none."
        : !learner.HasMetaLoss ? $"ML³ judges the learned loss by the task's own objective, a [MetaLoss]; {learner.Name} has none, so its learned loss would judge itself."
        : null;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new Ml3<TLearner, T>(new MamlOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
            QueryLossWeights = settings.QueryLossWeights,
        });
}
