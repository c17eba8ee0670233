namespace MetaDsl.Evolution;

/// <summary>How a population's losses are turned into the weights of their perturbations.</summary>
public enum FitnessShaping
{
    /// <summary>The losses themselves: the estimate is the gradient of the Gaussian-smoothed loss.</summary>
    None,

    /// <summary>
    /// Centred ranks (Salimans et al., 2017): the population's losses ranked and mapped evenly onto
    /// [-0.5, 0.5]. Insensitive to outliers and to the loss's scale; the estimate is then a descent
    /// direction rather than a gradient.
    /// </summary>
    CenteredRanks,
}
