using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// A meta-learning algorithm: the one contract that <see cref="MetaTrainer{T}"/>, <see cref="Evaluator{TLearner, T}"/>,
/// <see cref="TrainingCheckpoint"/>, <see cref="Embedding.Adapter{TLearner, T}"/> and the <c>metadsl</c> command
/// use. Its state is one flat vector of meta-parameters (the learner's theta first, then anything else the
/// method learns, such as Meta-SGD's step sizes); it gives the averaged meta-gradient over a meta-batch,
/// a test-time adaptation and a checkpoint layout. Implementations are generic over the learner
/// (<c>TLearner : ILearner&lt;TLearner&gt;</c>) so the JIT specializes every call into the generated code,
/// and they allocate their buffers up front. They own those buffers: not safe for concurrent calls on one instance.
/// </summary>
/// <remarks>
/// A new method is one file: a type implementing this interface, and beside it a
/// <see cref="MetaAlgorithmDefinition"/> that builds it from <see cref="MetaAlgorithmSettings"/>, listed in
/// <see cref="MetaAlgorithms"/> under its name.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IMetaAlgorithm<T> : IAdaptation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name recorded in checkpoints and result rows and given to <c>--algorithm</c>, e.g. <c>maml</c>.</summary>
    string Name { get; }

    /// <summary>The learner's metadata.</summary>
    LearnerInfo Learner { get; }

    /// <summary>How the meta-parameters are stored: one named tensor per slice of the vector.</summary>
    IReadOnlyList<CheckpointParameter> Layout { get; }

    /// <summary>Fills the meta-parameters reproducibly from <paramref name="seed"/>.</summary>
    void Initialize(Span<T> parameters, int seed);

    /// <summary>Writes the outer-loop gradient averaged over <paramref name="tasks"/> and returns the mean meta-loss.</summary>
    T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient);

    /// <summary>
    /// How an application fine-tunes from trained <paramref name="parameters"/> (what <see cref="Embedding.Adapter{TLearner, T}"/>
    /// does, thread-safely): by default SGD on every parameter but the <c>[MetaParam]</c>s, at the adapter's step size.
    /// </summary>
    FineTuningPlan<T> PlanFineTuning(ReadOnlySpan<T> parameters) => FineTuningPlan<T>.Sgd(Learner, parameters);
}
