namespace MetaDsl.Evolution;

/// <summary>Settings of <see cref="EvolutionStrategies{T}"/>.</summary>
public sealed record EvolutionOptions
{
    /// <summary>Antithetic pairs per estimate (the population is twice this).</summary>
    public int Pairs { get; init; } = 8;

    /// <summary>The standard deviation of each perturbation of phi.</summary>
    public double Sigma { get; init; } = 0.01;

    /// <summary>Inner steps unrolled per estimate; the last truncation of an inner problem may be shorter.</summary>
    public int TruncationLength { get; init; } = 10;

    /// <summary>Truncated ES or PES.</summary>
    public EvolutionEstimator Estimator { get; init; } = EvolutionEstimator.Persistent;

    /// <summary>How losses weight perturbations.</summary>
    public FitnessShaping Shaping { get; init; } = FitnessShaping.None;

    /// <summary>Seeds every perturbation and every inner problem: a run is the same for a seed whatever the thread count.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Threads that run particles; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (Pairs < 1) throw new ArgumentOutOfRangeException(nameof(Pairs), Pairs, "ES needs at least one antithetic pair.");
        if (!(Sigma > 0) || !double.IsFinite(Sigma)) throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, "The perturbation scale must be positive and finite.");
        if (TruncationLength < 1) throw new ArgumentOutOfRangeException(nameof(TruncationLength), TruncationLength, "A truncation is at least one inner step.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Use 0 for one thread per core.");
        if (!Enum.IsDefined(Estimator)) throw new ArgumentOutOfRangeException(nameof(Estimator), Estimator, "Unknown estimator.");
        if (!Enum.IsDefined(Shaping)) throw new ArgumentOutOfRangeException(nameof(Shaping), Shaping, "Unknown fitness shaping.");
    }
}
