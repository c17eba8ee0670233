using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// <c>npbml</c> in <see cref="MetaAlgorithms"/>: Neural Procedural Bias Meta-Learning (Raymond et al., 2024), which learns
/// a network's initialization, its optimizer and its loss together, each modulated per task. The biases live in the
/// learner, as in the authors' code: adapted layers FiLM-modulated by the task's batch, warp layers of
/// <c>[MetaParam]</c>s between them that the inner loop leaves alone (so they precondition the adapted layers'
/// gradients), and a learned loss of <c>[MetaParam]</c>s in the <c>[Loss]</c>, judged by the task's own
/// <c>[MetaLoss]</c> (<see cref="Learners.NpbmlSineMlp"/>, <see cref="Learners.NpbmlGaussianClassifier"/>). All of it
/// is meta-trained jointly by the exact second-order meta-gradient through the K inner steps, built as
/// <see cref="Maml{TLearner, T}"/>; a learner without a learned part is refused, since that would be MAML.
/// </summary>
internal sealed class NpbmlDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "npbml";

    public override bool RunsOnAccelerators => true;

    public override bool TakesQueryLossWeights => true;

    public override string? Unsuitable(LearnerInfo learner) =>
        learner.MetaParameterCount == 0
            ? $"NPBML meta-learns warp layers and a loss of [MetaParam]s beside the initialization; {learner.Name} has none (that would be maml)."
            : !learner.HasMetaLoss
                ? $"NPBML judges its learned loss by the task's own objective, a [MetaLoss]; {learner.Name} has none, so the learned loss would judge itself."
                : null;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new Maml<TLearner, T>(MamlDefinition.Options(settings, MetaGradientOrder.Second), AlgorithmName);
}
