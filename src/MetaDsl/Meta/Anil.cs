using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Almost No Inner Loop (Raghu et al., 2020): MAML in which only the named parameters (the head)
/// adapt on the support set; the others (the body) and any <c>[MetaParam]</c>s are held fixed in the
/// inner loop. The meta-gradient covers every parameter: for the body it is exact second order
/// through the head's inner steps (the Hessian-vector product of a head-only direction carries the
/// body-head cross terms), or first order. The query loss is the learner's <c>[MetaLoss]</c> (its
/// <c>[Loss]</c> without one). Registered as <c>anil</c>; adaptation moves only the head.
/// </summary>
/// <remarks>
/// Every buffer is allocated by the constructor, so a warm single-threaded meta-step allocates
/// nothing. An instance owns its buffers: do not call it from several threads at once.
/// </remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Anil<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MamlEngine<TLearner, T> _engine;

    /// <summary>Allocates the trajectory and scratch for every thread.</summary>
    public Anil(AnilOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _engine = new MamlEngine<TLearner, T>(options, ParameterMask.Adapting(TLearner.Info, options.AdaptedParameters));
    }

    /// <summary>The settings.</summary>
    public AnilOptions Options { get; }

    /// <inheritdoc/>
    public string Name => AnilDefinition.AlgorithmName;

    /// <inheritdoc/>
    public LearnerInfo Learner => TLearner.Info;

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    /// <inheritdoc/>
    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    /// <summary>Writes one task's meta-gradient into <paramref name="metaGradient"/> and returns the query loss after adaptation.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> metaGradient) => _engine.MetaGradient(theta, task, metaGradient);

    /// <summary>Writes the meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss after adaptation.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient) => _engine.MetaGradient(theta, tasks, metaGradient);

    /// <summary>Takes <paramref name="steps"/> inner steps from <paramref name="theta"/> on <paramref name="support"/> (beyond K, the last step size is reused).</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, int steps, Span<T> adapted) => _engine.Adapt(theta, support, steps, adapted);

    /// <summary>Fine-tuning moves only the head, as the inner loop does.</summary>
    public FineTuningPlan<T> PlanFineTuning(ReadOnlySpan<T> parameters) =>
        FineTuningPlan<T>.Sgd(TLearner.Info, parameters) with { AdaptedParameters = Options.AdaptedParameters };
}

/// <summary><c>anil</c> in <see cref="MetaAlgorithms"/>; the head is <see cref="MetaAlgorithmSettings.Head"/> or the last two adaptable parameters.</summary>
internal sealed class AnilDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "anil";

    public override bool RunsOnAccelerators => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new Anil<TLearner, T>(new AnilOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
            AdaptedParameters = settings.Head ?? DefaultHead(TLearner.Info),
        });

    /// <summary>The last two adaptable parameters: the output layer's weights and bias in a layered network.</summary>
    private static string[] DefaultHead(LearnerInfo info) =>
        info.Parameters.Where(p => !p.IsMeta).TakeLast(2).Select(p => p.Name).ToArray();
}
