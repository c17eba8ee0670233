using System.Numerics;
using MetaDsl.Meta;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>Reptile behind <see cref="IMetaAlgorithm{T}"/>; adaptation is plain SGD at alpha.</summary>
internal sealed class ReptileAlgorithm<TLearner, T> : LearnerAlgorithm<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Reptile<TLearner, T> _reptile;

    public ReptileAlgorithm(MetaAlgorithmSettings settings) : base(MetaAlgorithmKind.Reptile) =>
        _reptile = new Reptile<TLearner, T>(new ReptileOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
        });

    public override T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient) =>
        _reptile.MetaGradient(parameters, tasks, gradient);

    public override void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _reptile.Adapt(parameters, support, steps, adapted);
}
