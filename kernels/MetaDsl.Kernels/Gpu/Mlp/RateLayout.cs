namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>How the inner loop's step sizes are laid out, and whether their gradient is wanted.</summary>
public enum RateLayout
{
    /// <summary>K rates, one per step, shared by every parameter (MAML with per-step alpha).</summary>
    PerStep,

    /// <summary>P rates, one per parameter, shared by every step and meta-learned: the rate gradient is computed (Meta-SGD).</summary>
    PerParameter,

    /// <summary>K × P rates, step-major; a zero rate freezes a parameter in the inner loop (ANIL's body, [MetaParam]s).</summary>
    PerStepAndParameter,
}
