using System.Numerics;
using MetaDsl.Meta;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// Implicit MAML behind <see cref="IMetaAlgorithm{T}"/>. Test-time adaptation is plain SGD at alpha,
/// not the proximal solve, so that its rows after 1, 5 and 10 steps compare like for like with MAML's.
/// </summary>
internal sealed class ImplicitMamlAlgorithm<TLearner, T> : LearnerAlgorithm<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImplicitMaml<TLearner, T> _imaml;
    private readonly SgdAdaptation<TLearner, T> _sgd;

    public ImplicitMamlAlgorithm(MetaAlgorithmSettings settings) : base(MetaAlgorithmKind.ImplicitMaml)
    {
        _imaml = new ImplicitMaml<TLearner, T>(new ImplicitMamlOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Regularization = settings.Regularization,
            Threads = settings.Threads,
        });
        _sgd = new SgdAdaptation<TLearner, T>(settings.InnerLearningRate);
    }

    public override T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient) =>
        _imaml.MetaGradient(parameters, tasks, gradient);

    public override void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _sgd.Adapt(parameters, support, steps, adapted);
}
