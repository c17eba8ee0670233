using MetaDsl.Training;

namespace MetaDsl.Meta;

/// <summary>
/// <c>bmg</c> in <see cref="MetaAlgorithms"/>: bootstrapped meta-learning (Flennerhag et al., 2022) of MAML's
/// initialization. The K inner steps are backpropagated as in second-order MAML, but what is differentiated at θ_K is
/// the matching loss ½‖θ_K − θ̃‖² to a target θ̃ taken <see cref="MetaAlgorithmSettings.BootstrapSteps"/> further
/// inner steps and one query-loss step beyond θ_K, with no gradient through it: a longer horizon at the same
/// backpropagation depth. Built as <see cref="Maml{TLearner, T}"/> with <see cref="MamlOptions.BootstrapSteps"/>.
/// </summary>
internal sealed class BmgDefinition() : MetaAlgorithmDefinition(AlgorithmName)
{
    public const string AlgorithmName = "bmg";

    public override bool RunsOnAccelerators => true;

    protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) =>
        new Maml<TLearner, T>(new MamlOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
            BootstrapSteps = settings.BootstrapSteps,
            BootstrapMatching = settings.BootstrapMatching,
        });
}
