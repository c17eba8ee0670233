namespace MetaDsl.Training;

/// <summary>The meta-learning algorithms <see cref="MetaAlgorithms"/> can build.</summary>
public enum MetaAlgorithmKind
{
    /// <summary>MAML with the exact second-order meta-gradient.</summary>
    Maml,

    /// <summary>First-order MAML.</summary>
    FirstOrderMaml,

    /// <summary>Reptile.</summary>
    Reptile,

    /// <summary>Meta-SGD: MAML with a learned per-parameter step size.</summary>
    MetaSgd,

    /// <summary>ANIL: only the head adapts in the inner loop.</summary>
    Anil,

    /// <summary>Implicit MAML.</summary>
    ImplicitMaml,
}
