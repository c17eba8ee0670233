using MetaDsl.Optimizers;

namespace MetaDsl.Evolution;

/// <summary>
/// Everything a meta-training run by a population estimator (<see cref="IPopulationEstimator{T}"/>) carries
/// from one estimate to the next: the meta-parameters, Adam's state, the loss curve and the population.
/// Restored, the run goes on exactly as the uninterrupted one.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class PopulationTrainingState<T> where T : unmanaged
{
    /// <summary>The meta-parameters after <see cref="Losses"/>' estimates.</summary>
    public required T[] Parameters { get; init; }

    /// <summary>The outer optimizer's state.</summary>
    public required AdamState<T> Optimizer { get; init; }

    /// <summary>The estimate's mean inner loss at every estimate so far, in order.</summary>
    public required double[] Losses { get; init; }

    /// <summary>The estimator's population after those estimates.</summary>
    public required PopulationState<T> Population { get; init; }

    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>What the caller recorded with the run, e.g. the command line's options (no key may start with <c>training.</c>).</summary>
    public IReadOnlyDictionary<string, string> RunSettings { get; init; } = new Dictionary<string, string>();
}
