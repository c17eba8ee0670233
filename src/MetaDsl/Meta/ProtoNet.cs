using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Prototypical networks (Snell et al., 2017): the learner embeds examples, each class's prototype
/// is the mean of its support embeddings, and a query example's logits are the negative squared
/// Euclidean distances to the prototypes; the loss is softmax cross entropy on the query set.
/// Registered as <c>protonet</c>. A new task needs no inner steps: theta stays as trained
/// (<see cref="Adapt"/> copies it) and the task's support set gives the prototypes that
/// <see cref="Score{TOther}"/> classifies by.
/// </summary>
/// <remarks>
/// <para>
/// <b>Learner contract.</b> The <c>[Forward]</c> method is the embedding: for n examples it returns
/// an [n, D] tensor. The chain rule from the distances back to theta goes through the generated
/// <c>PredictPullback</c> (J(theta)ᵀ·c), so any learner with a <c>[Forward]</c> works; its <c>[Loss]</c>
/// is not used here and stays free for other training:
/// <code>
/// [Forward] public Tensor Embed([Shape("n", 2)] Tensor x) => Tanh(Linear(x, W, B));
/// </code>
/// </para>
/// <para>
/// <b>Task contract.</b> Support and query batches hold the <c>[Forward]</c> inputs and then the
/// labels: class indices 0 … N−1 as values of <typeparamref name="T"/> ([n] or [n, 1]) or one-hot
/// rows [n, N]. Every class must appear in the support set.
/// </para>
/// <para>
/// Buffers are bound to each task batch object on first sight and reused, so refilling tasks in
/// place keeps warm single-threaded steps allocation-free. Not safe for concurrent calls on one instance.
/// </para>
/// <para>
/// With an accelerator in <see cref="ProtoNetOptions.Device"/>, <c>MetaGradient</c> embeds and pulls back a whole
/// meta-batch in four launches of the learner's generated <c>[Forward]</c> kernels; <see cref="Evaluate"/> and
/// <see cref="Score{TOther}"/> stay on the CPU.
/// </para>
/// </remarks>
/// <typeparam name="TLearner">The embedding learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ProtoNet<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly ProtoNetStep<TLearner, T> _step;
    private readonly DeviceProtoNet<TLearner, T>? _device;
    // One episode sent to the device as a meta-batch of one, without an array per call.
    private readonly MetaTask<T>[] _episode = new MetaTask<T>[1];

    /// <summary>Allocates the buffers for every thread.</summary>
    public ProtoNet(ProtoNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        var info = TLearner.Info;
        if (info.ForwardInputs.Count == 0)
            throw new ArgumentException($"{info.Name}: ProtoNet embeds with the learner's [Forward] method, and it has none.", nameof(options));
        Options = options;
        var workers = new ProtoNetStep<TLearner, T>[options.Threads];
        for (int w = 0; w < workers.Length; w++) workers[w] = new ProtoNetStep<TLearner, T>();
        _step = workers[0];
        _batch = new MetaBatch<T>(workers, info.ParameterCount, info.ParameterCount);
        if (options.Device.IsAccelerator) _device = new DeviceProtoNet<TLearner, T>(options.Device, _step);
    }

    /// <summary>The settings.</summary>
    public ProtoNetOptions Options { get; }

    /// <inheritdoc/>
    public string Name => ProtoNetDefinition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    /// <inheritdoc/>
    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    /// <summary>Writes the gradient of one episode's query loss and returns that loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        if (_device is not null)
        {
            _episode[0] = task;
            return _device.MetaGradient(theta, _episode, metaGradient);
        }
        return _step.Compute(theta, task, metaGradient);
    }

    /// <summary>Writes the gradient averaged over <paramref name="tasks"/> and returns the mean query loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        Check(theta, metaGradient);
        if (_device is not null) return _device.MetaGradient(theta, tasks, metaGradient);
        theta.CopyTo(_batch.Inputs);
        return _batch.Average(tasks, metaGradient);
    }

    /// <summary>Returns one episode's query loss and writes the fraction of query examples whose nearest prototype is their class.</summary>
    public T Evaluate(ReadOnlySpan<T> theta, MetaTask<T> task, out double accuracy)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        return _step.Evaluate(theta, task, out accuracy);
    }

    /// <summary>Writes <paramref name="theta"/> unchanged, whatever <paramref name="steps"/>: the embedding does not fine-tune; the support set's prototypes do the adapting.</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, int steps, Span<T> adapted)
    {
        Check(theta, adapted);
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        theta.CopyTo(adapted);
    }

    /// <summary>The episode's query loss and accuracy by prototypes (<see cref="Evaluate"/>); <paramref name="steps"/> changes nothing.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TOther"/> is not this network's learner.</exception>
    public QueryScore Score<TOther>(ReadOnlySpan<T> parameters, MetaTask<T> task, int steps, Span<T> adapted, bool accuracy)
        where TOther : ILearner<TOther>
    {
        if (typeof(TOther) != typeof(TLearner))
            throw new ArgumentException($"This ProtoNet embeds with {TLearner.Info.Name}, not {TOther.Info.Name}.", nameof(TOther));
        ArgumentNullException.ThrowIfNull(task);
        Adapt(parameters, task.Support, steps, adapted);
        double loss = double.CreateChecked(Evaluate(parameters, task, out double correct));
        return new QueryScore(loss, accuracy ? correct : double.NaN);
    }

    /// <summary>Refused: <see cref="Embedding.Adapter{TLearner, T}"/> fine-tunes theta, and a prototypical network classifies by prototypes instead.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public FineTuningPlan<T> PlanFineTuning(ReadOnlySpan<T> parameters) =>
        throw new NotSupportedException($"{Name} classifies by the prototypes of a task's support set, not by fine-tuning theta, so Adapter cannot load it; use {nameof(ProtoNet<TLearner, T>)}.{nameof(Evaluate)}.");

    private static void Check(ReadOnlySpan<T> theta, Span<T> output)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(output, TLearner.Info.ParameterCount, TLearner.Info.Name, nameof(output));
    }
}

/// <summary><c>protonet</c> in <see cref="MetaAlgorithms"/>: classification episodes only.</summary>
internal sealed class ProtoNetDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "protonet";

    public override bool NeedsClassLabels => true;

    public override bool RunsOnAccelerators => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new ProtoNet<TLearner, T>(new ProtoNetOptions { Threads = settings.Threads, Device = settings.Device });
}
