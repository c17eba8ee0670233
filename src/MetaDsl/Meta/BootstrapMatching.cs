namespace MetaDsl.Meta;

/// <summary>How bootstrapped meta-learning measures the distance from the adapted parameters to their target.</summary>
public enum BootstrapMatching
{
    /// <summary>½‖θ_K − θ̃‖², in parameter space.</summary>
    SquaredDistance,

    /// <summary>
    /// KL(π_θ̃ ‖ π_θK) over the query inputs, averaged: the softmax of the <c>[Forward]</c> logits of the target against
    /// the adapted model's, for classifiers (Flennerhag et al.'s choice there).
    /// </summary>
    KullbackLeibler,
}
