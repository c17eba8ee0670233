using System.Numerics;

namespace MetaDsl.Evolution;

/// <summary>
/// A smooth inner problem whose full-horizon meta-gradient is known in closed form, to measure the
/// bias and variance of gradient estimators: gradient descent on f(x) = ½ Σ a_j x_j² from a fixed
/// start, with a meta-learned log step size phi_j per coordinate, x_j ← (1 − e^phi_j a_j) x_j. The
/// loss of a step is f after it; the meta-objective is the sum over the horizon.
/// </summary>
public sealed class QuadraticStepSizes<T> : IUnrolledProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _curvature;
    private readonly double[] _start;

    /// <param name="curvature">The a_j, each positive.</param>
    /// <param name="start">x at the start of every inner problem (the same each time, so the exact gradient is one number).</param>
    /// <param name="horizon">Inner steps of a problem.</param>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or a curvature is not positive.</exception>
    public QuadraticStepSizes(double[] curvature, double[] start, int horizon)
    {
        ArgumentNullException.ThrowIfNull(curvature);
        ArgumentNullException.ThrowIfNull(start);
        if (curvature.Length == 0 || curvature.Length != start.Length)
            throw new ArgumentException($"curvature has {curvature.Length} entries and start {start.Length}; they must be equal and non-zero.", nameof(start));
        for (int j = 0; j < curvature.Length; j++)
            if (!(curvature[j] > 0)) throw new ArgumentException($"curvature[{j}] is {curvature[j]}; every curvature must be positive.", nameof(curvature));
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _curvature = (double[])curvature.Clone();
        _start = (double[])start.Clone();
        Horizon = horizon;
    }

    /// <inheritdoc/>
    public int MetaParameterCount => _curvature.Length;

    /// <inheritdoc/>
    public int StateLength => _curvature.Length;

    /// <inheritdoc/>
    public int Horizon { get; }

    /// <inheritdoc/>
    public void Reset(Span<T> state, ulong seed)
    {
        for (int j = 0; j < _start.Length; j++) state[j] = T.CreateChecked(_start[j]);
    }

    /// <inheritdoc/>
    public T Unroll(ReadOnlySpan<T> phi, Span<T> state, int steps)
    {
        var half = T.CreateChecked(0.5);
        T total = T.Zero;
        for (int s = 0; s < steps; s++)
            for (int j = 0; j < _curvature.Length; j++)
            {
                var a = T.CreateChecked(_curvature[j]);
                state[j] *= T.One - T.Exp(phi[j]) * a;
                total += half * a * state[j] * state[j];
            }
        return total;
    }

    /// <summary>The meta-objective: the summed loss of one whole inner problem under <paramref name="phi"/>.</summary>
    public double Objective(ReadOnlySpan<double> phi)
    {
        double total = 0;
        for (int j = 0; j < _curvature.Length; j++)
        {
            double r = 1 - Math.Exp(phi[j]) * _curvature[j], x = _start[j];
            for (int t = 1; t <= Horizon; t++)
            {
                x *= r;
                total += 0.5 * _curvature[j] * x * x;
            }
        }
        return total;
    }

    /// <summary>
    /// The exact d/dphi of <see cref="Objective"/>: with r_j = 1 − e^phi_j a_j, the objective is
    /// Σ_t ½ a_j x0_j² r_j^(2t), so d/dphi_j = −Σ_t t a_j² x0_j² e^phi_j r_j^(2t−1).
    /// </summary>
    public void ExactGradient(ReadOnlySpan<double> phi, Span<double> gradient)
    {
        for (int j = 0; j < _curvature.Length; j++)
        {
            double a = _curvature[j], step = Math.Exp(phi[j]), r = 1 - step * a, x0 = _start[j];
            double sum = 0;
            for (int t = 1; t <= Horizon; t++) sum += t * Math.Pow(r, 2 * t - 1);
            gradient[j] = -a * a * x0 * x0 * step * sum;
        }
    }
}
