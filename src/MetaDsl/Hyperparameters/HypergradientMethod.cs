namespace MetaDsl.Hyperparameters;

/// <summary>How <see cref="HyperparameterTuner{TLearner, T}"/> differentiates the validation loss through training.</summary>
public enum HypergradientMethod
{
    /// <summary>
    /// The implicit function theorem at the trained parameters, with the inverse Hessian applied as a truncated
    /// Neumann series α·Σⱼ (I − αH)ʲ (Lorraine et al., 2020): one H·v per term, no linear solve.
    /// </summary>
    Neumann,

    /// <summary>The implicit function theorem with H⁻¹v solved by conjugate gradient: the exact implicit hypergradient where H is positive definite.</summary>
    ConjugateGradient,

    /// <summary>Reverse-mode differentiation through the inner SGD steps of the hyper-step (their parameters are kept), exact for that truncation.</summary>
    Unrolled,
}
