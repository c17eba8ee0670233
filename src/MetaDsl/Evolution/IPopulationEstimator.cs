using System.Numerics;

namespace MetaDsl.Evolution;

/// <summary>
/// A meta-gradient estimator that carries a population of inner problems from one estimate to the next
/// (<see cref="EvolutionStrategies{T}"/>, truncated backprop's), and whose state can be captured and restored
/// so a stopped meta-training run goes on exactly as if it had not stopped.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IPopulationEstimator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Estimates made so far.</summary>
    long Estimates { get; }

    /// <summary>
    /// Advances every particle one truncation and writes the estimate of d/dphi of the summed inner loss
    /// into <paramref name="gradient"/> (descend by subtracting it).
    /// </summary>
    /// <returns>The mean loss per inner step in this truncation.</returns>
    T Estimate(ReadOnlySpan<T> phi, Span<T> gradient);

    /// <summary>The population's state after the estimates so far, gathered from every rank: under <c>mpirun</c> every rank must call it at the same estimate.</summary>
    PopulationState<T> CaptureState();

    /// <summary>Continues from <paramref name="state"/>, captured from an estimator built the same way (any thread or rank count).</summary>
    /// <exception cref="ArgumentException">The state's counts or lengths do not fit this estimator.</exception>
    void RestoreState(PopulationState<T> state);
}
