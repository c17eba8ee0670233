using System.Numerics;
using MetaDsl.Meta;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>MAML (second or first order) behind <see cref="IMetaAlgorithm{T}"/>; adaptation is plain SGD at alpha.</summary>
internal sealed class MamlAlgorithm<TLearner, T> : LearnerAlgorithm<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Maml<TLearner, T> _maml;

    public MamlAlgorithm(MetaAlgorithmSettings settings, MetaGradientOrder order)
        : base(order == MetaGradientOrder.Second ? MetaAlgorithmKind.Maml : MetaAlgorithmKind.FirstOrderMaml) =>
        _maml = new Maml<TLearner, T>(new MamlOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Order = order,
            Threads = settings.Threads,
            Device = settings.Device,
            QueryLossWeights = settings.QueryLossWeights,
        });

    public override T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient) =>
        _maml.MetaGradient(parameters, tasks, gradient);

    public override void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _maml.Adapt(parameters, support, steps, adapted);
}
