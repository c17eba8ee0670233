using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// A meta-learning algorithm as <see cref="MetaTrainer{T}"/> drives it: one flat vector of
/// meta-parameters, an averaged meta-gradient over a meta-batch, a test-time adaptation and a
/// checkpoint layout. Implementations own their buffers: not safe for concurrent calls on one instance.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IMetaAlgorithm<T> : IAdaptation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name recorded in checkpoints and result rows, e.g. <c>maml</c>.</summary>
    string Name { get; }

    /// <summary>The learner's metadata.</summary>
    LearnerInfo Learner { get; }

    /// <summary>How the meta-parameters are stored: one named tensor per slice of the vector.</summary>
    IReadOnlyList<CheckpointParameter> Layout { get; }

    /// <summary>Fills the meta-parameters reproducibly from <paramref name="seed"/>.</summary>
    void Initialize(Span<T> parameters, int seed);

    /// <summary>Writes the outer-loop gradient averaged over <paramref name="tasks"/> and returns the mean meta-loss.</summary>
    T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient);
}
