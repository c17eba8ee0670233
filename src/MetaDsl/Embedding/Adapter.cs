using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Checkpoints;
using MetaDsl.Meta;
using MetaDsl.Training;

namespace MetaDsl.Embedding;

/// <summary>
/// Embeds a meta-trained learner in an application: load a checkpoint once, then turn a few labelled
/// examples of a new task into an <see cref="AdaptedModel{TLearner, T}"/> in one call. Generic over the
/// precision, which must match the checkpoint's (<c>metadsl train</c> writes <see cref="float"/>).
/// </summary>
/// <remarks>
/// An in-context learner (one whose <see cref="ILearner{TSelf}.ContextLayout"/> is set, such as the linear self-attention
/// learners) is not fine-tuned: <see cref="Adapt(Batch{T})"/> writes the support set as its context once, and the adapted
/// model's forward pass reads it with every query; <see cref="AdapterOptions"/> do not apply.
/// Thread-safe: an adapter holds only read-only state, and each <see cref="Adapt(Batch{T})"/> call
/// works in buffers of its own, so any number of threads may adapt at once and get exactly the results
/// a serial caller would (on an accelerator, <see cref="AdapterOptions.Device"/>, their steps take turns).
/// </remarks>
/// <typeparam name="TLearner">The learner the checkpoint was trained for.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adapter<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _theta;
    private readonly T[]? _rates;
    private readonly T _rate;
    private readonly ParameterMask _frozen;
    private readonly IContextLayout? _context = TLearner.ContextLayout;
    private readonly LearnerCalls<TLearner, T> _calls;

    /// <summary>Adapts from <paramref name="theta"/> by plain SGD; <c>[MetaParam]</c>s stay fixed.</summary>
    public Adapter(ReadOnlySpan<T> theta, AdapterOptions? options = null)
        : this(theta.ToArray(), null, ParameterMask.ForMetaParameters(TLearner.Info), options ?? new AdapterOptions(), null)
    {
    }

    private Adapter(T[] theta, T[]? rates, ParameterMask frozen, AdapterOptions options, CheckpointMetadata? metadata)
    {
        options.Validate();
        Guard.Theta<T>(theta, TLearner.Info, nameof(theta));
        _theta = theta;
        _rates = rates;
        _rate = T.CreateChecked(options.LearningRate);
        _frozen = frozen;
        Options = options;
        Metadata = metadata;
        _calls = _context is null ? LearnerCalls<TLearner, T>.On(options.Device) : LearnerCalls<TLearner, T>.Cpu;
    }

    /// <summary>The fine-tuning settings.</summary>
    public AdapterOptions Options { get; }

    /// <summary>The checkpoint's metadata, when loaded from one.</summary>
    public CheckpointMetadata? Metadata { get; }

    /// <summary>
    /// Loads a checkpoint written by <c>metadsl train</c> or <see cref="MetaTrainer{T}"/>, validated in full
    /// by <see cref="Checkpoint.Load{T}(string, Span{T}, string, IReadOnlyList{CheckpointParameter}, bool)"/>. Adaptation
    /// follows the plan (<see cref="IMetaAlgorithm{T}.PlanFineTuning"/>) of the algorithm in its metadata, looked up in
    /// <see cref="MetaAlgorithms"/>: Meta-SGD uses its learned step sizes, ANIL adapts only its head, the others
    /// (and checkpoints of algorithms outside the table) plain SGD at <see cref="AdapterOptions.LearningRate"/>. An in-context
    /// learner's checkpoint (<c>train icl-gd --checkpoints</c>) holds its plain theta, and the learner adapts in context.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of <typeparamref name="TLearner"/> in this precision.</exception>
    /// <exception cref="NotSupportedException">The algorithm does not adapt by fine-tuning theta (ProtoNet).</exception>
    public static Adapter<TLearner, T> Load(string path, AdapterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = TLearner.Info;
        string name = SafetensorsReader.ReadHeader(path).Metadata.GetValueOrDefault("algorithm", "");
        // Names outside the table (the pretrained baseline, other programs' checkpoints) store a plain theta.
        var algorithm = MetaAlgorithms.TryFind(name, out var definition) ? definition.Create<TLearner, T>(new MetaAlgorithmSettings()) : null;
        var parameters = new T[algorithm?.Length ?? info.ParameterCount];
        var metadata = Checkpoint.Load<T>(path, parameters, info.Name, algorithm?.Layout ?? CheckpointParameter.Of(info));
        var plan = algorithm?.PlanFineTuning(parameters) ?? FineTuningPlan<T>.Sgd(info, parameters);
        return new Adapter<TLearner, T>(plan.Theta, plan.StepSizes, ParameterMask.Adapting(info, plan.AdaptedParameters), options ?? new AdapterOptions(), metadata);
    }

    /// <summary>The meta-learned parameters adaptation starts from.</summary>
    public ReadOnlySpan<T> Parameters => _theta;

    /// <summary>
    /// Fine-tunes on <paramref name="support"/> (tensors in the <c>[Loss]</c> input order) and returns the adapted model;
    /// an in-context learner takes the support in its layout's order (<see cref="IContextLayout.Support"/>) as context instead, with no gradient step.
    /// </summary>
    /// <exception cref="ArgumentException">An in-context learner's support tensor has another shape than its layout's; the message names the tensor and both shapes.</exception>
    public AdaptedModel<TLearner, T> Adapt(Batch<T> support)
    {
        ArgumentNullException.ThrowIfNull(support);
        // Neither the adapter nor the model writes theta, so in-context models share it.
        if (_context is not null) return new AdaptedModel<TLearner, T>(_theta, new SupportContext<TLearner, T>(_context, support));
        var adapted = (T[])_theta.Clone();
        var gradient = new T[adapted.Length];
        for (int k = 0; k < Options.Steps; k++)
        {
            _calls.AdaptedGradient(adapted, support, gradient);
            _frozen.Clear<T>(gradient);
            if (_rates is null) TensorPrimitives.MultiplyAdd(gradient, -_rate, adapted, adapted);
            else
            {
                TensorPrimitives.Multiply(gradient, _rates, gradient);
                TensorPrimitives.Subtract(adapted, gradient, adapted);
            }
        }
        return new AdaptedModel<TLearner, T>(adapted);
    }

    /// <summary>
    /// Fine-tunes on examples of a learner whose <c>[Loss]</c> takes (inputs, targets), each with the
    /// row count as first dim: <paramref name="x"/> and <paramref name="y"/> hold whole rows, row-major. An in-context
    /// learner whose support is (inputs, targets) reads them as context.
    /// </summary>
    /// <exception cref="ArgumentException">The learner's loss takes other inputs, or x and y are not whole rows, or their row counts differ.</exception>
    public AdaptedModel<TLearner, T> Adapt(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        var info = TLearner.Info;
        if (_context is not null)
        {
            if (_context.Support.Count != 2)
                throw new ArgumentException($"{info.Name}: its support set is {string.Join(", ", _context.Support)}, not (inputs, targets); call Adapt(Batch<T>).");
            return Adapt(new Batch<T>(SupportContext<TLearner, T>.SupportTensor(_context, 0, x), SupportContext<TLearner, T>.SupportTensor(_context, 1, y)));
        }
        if (info.Inputs.Count != 2)
            throw new ArgumentException($"{info.Name}: its [Loss] takes {info.Inputs.Count} inputs, not (inputs, targets); call Adapt(Batch<T>).");
        var inputs = Rows.Tensor(x, info.Inputs[0], info.Name);
        var targets = Rows.Tensor(y, info.Inputs[1], info.Name);
        if (inputs.Shape[0] != targets.Shape[0])
            throw new ArgumentException($"{info.Name}: x holds {inputs.Shape[0]} rows but y holds {targets.Shape[0]}.");
        return Adapt(new Batch<T>(inputs, targets));
    }
}
