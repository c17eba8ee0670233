namespace MetaDsl.Evolution;

/// <summary>How perturbations are credited across the truncations of one inner problem.</summary>
public enum EvolutionEstimator
{
    /// <summary>
    /// Truncated antithetic ES: each truncation is credited to its own perturbation only, so whatever a
    /// truncation does to later ones is missed (biased towards short horizons, as truncated backprop is).
    /// </summary>
    Truncated,

    /// <summary>
    /// Persistent ES (Vicol, Metz and Sohl-Dickstein, 2021): each particle keeps the sum of every
    /// perturbation since its inner problem began, which makes the sum over truncations an unbiased
    /// estimate of the full-horizon gradient of the Gaussian-smoothed loss.
    /// </summary>
    Persistent,
}
