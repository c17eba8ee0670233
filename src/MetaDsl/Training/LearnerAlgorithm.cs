using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>What every algorithm over a plain theta shares: the learner's layout and initialization.</summary>
internal abstract class LearnerAlgorithm<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    protected LearnerAlgorithm(MetaAlgorithmKind kind)
    {
        Name = MetaAlgorithms.NameOf(kind);
        Layout = CheckpointParameter.Of(TLearner.Info);
    }

    public string Name { get; }

    public LearnerInfo Learner => TLearner.Info;

    public virtual int Length => TLearner.Info.ParameterCount;

    public virtual IReadOnlyList<CheckpointParameter> Layout { get; }

    public virtual void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    public abstract T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient);

    public abstract void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted);
}
