using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// Model-agnostic meta-learning (Finn et al., 2017). The inner loop takes K gradient steps on a
/// task's support set; the meta-gradient is the derivative of the query loss after adaptation with
/// respect to the initial parameters, exact (second order, through K Hessian-vector products) or
/// first order. <c>[MetaParam]</c>s do not adapt; their meta-gradient flows through every inner step
/// via the learner's mixed product. The query loss is the learner's <c>[MetaLoss]</c> (its <c>[Loss]</c>
/// without one); the inner steps descend the <c>[Loss]</c>. Registered as <c>maml</c> and <c>fomaml</c>; adaptation is plain SGD at alpha.
/// </summary>
/// <remarks>
/// Every buffer is allocated by the constructor, so a warm single-threaded meta-step allocates
/// nothing. An instance owns its buffers: do not call it from several threads at once.
/// </remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Maml<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MamlEngine<TLearner, T> _engine;

    /// <summary>Allocates the trajectory and scratch for every thread.</summary>
    public Maml(MamlOptions options)
        : this(options, NameOf(options))
    {
    }

    /// <summary>The same meta-gradient under another method's name (one whose difference lies in the learner, as NPBML's).</summary>
    internal Maml(MamlOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Name = name;
        _engine = new MamlEngine<TLearner, T>(options, ParameterMask.ForMetaParameters(TLearner.Info));
    }

    /// <summary>The settings.</summary>
    public MamlOptions Options { get; }

    /// <inheritdoc/>
    public string Name { get; }

    private static string NameOf(MamlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.BootstrapSteps is null ? MamlDefinition.NameOf(options.Order) : BmgDefinition.AlgorithmName;
    }

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
}

/// <summary><c>maml</c> (exact second order) and <c>fomaml</c> (first order) in <see cref="MetaAlgorithms"/>.</summary>
internal sealed class MamlDefinition(MetaGradientOrder order) : MetaAlgorithmDefinition(NameOf(order))
{
    public static string NameOf(MetaGradientOrder order) => order == MetaGradientOrder.Second ? "maml" : "fomaml";

    public override bool RunsOnAccelerators => true;

    public override bool TakesQueryLossWeights => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) => new Maml<TLearner, T>(Options(settings, order));

    /// <summary>MAML's options from the table's settings (NPBML's too, at second order).</summary>
    public static MamlOptions Options(MetaAlgorithmSettings settings, MetaGradientOrder order) => new()
    {
        InnerSteps = settings.InnerSteps,
        InnerLearningRate = settings.InnerLearningRate,
        Order = order,
        Threads = settings.Threads,
        Device = settings.Device,
        QueryLossWeights = settings.QueryLossWeights,
    };
}
