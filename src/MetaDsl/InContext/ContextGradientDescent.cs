using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>
/// The baseline that linear self-attention is compared with: plain gradient descent on one task's
/// context, from w = 0, on L(w) = 1/(2N) Σ_i (wᵀx_i − y_i)², each step w ← w − η/N Σ_i (wᵀx_i − y_i) x_i,
/// then the prediction wᵀx_q at the query.
/// </summary>
public static class ContextGradientDescent
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps at learning rate <paramref name="learningRate"/> on the task whose
    /// tokens (laid out as in <see cref="RegressionTokens"/>) are <paramref name="tokens"/>; writes the weights
    /// reached into <paramref name="weights"/> (d values: also dŷ/dx_q, since ŷ = wᵀx_q) and returns ŷ.
    /// </summary>
    /// <exception cref="ArgumentException">The spans have the wrong lengths.</exception>
    public static double Predict<T>(ReadOnlySpan<T> tokens, int steps, double learningRate, Span<double> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int d = RegressionTokens.Dimension, width = RegressionTokens.Width, n = RegressionTokens.Context;
        if (tokens.Length != RegressionTokens.Count * width) throw new ArgumentException($"A task has {RegressionTokens.Count * width} token values, got {tokens.Length}.", nameof(tokens));
        if (weights.Length != d) throw new ArgumentException($"The weights have {d} values, got {weights.Length}.", nameof(weights));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Span<double> step = stackalloc double[d];
        weights.Clear();
        for (int k = 0; k < steps; k++)
        {
            step.Clear();
            for (int i = 0; i < n; i++)
            {
                var token = tokens.Slice(i * width, width);
                double residual = -double.CreateChecked(token[RegressionTokens.Target]);
                for (int j = 0; j < d; j++) residual += weights[j] * double.CreateChecked(token[j]);
                for (int j = 0; j < d; j++) step[j] += residual * double.CreateChecked(token[j]);
            }
            for (int j = 0; j < d; j++) weights[j] -= learningRate / n * step[j];
        }
        var query = tokens.Slice(RegressionTokens.Query * width, d);
        double prediction = 0;
        for (int j = 0; j < d; j++) prediction += weights[j] * double.CreateChecked(query[j]);
        return prediction;
    }

    /// <summary>The predictions and sensitivities of <paramref name="steps"/> steps at <paramref name="learningRate"/> on every task of <paramref name="tasks"/>.</summary>
    public static QueryOutputs Outputs<T>(RegressionTaskSet<T> tasks, int steps, double learningRate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var outputs = new QueryOutputs(tasks.Count);
        for (int t = 0; t < tasks.Count; t++)
            outputs.Predictions[t] = Predict(tasks.Tokens(t), steps, learningRate, outputs.Sensitivity(t));
        return outputs;
    }

    /// <summary>The query mean squared error of <paramref name="steps"/> steps at <paramref name="learningRate"/> over <paramref name="tasks"/>.</summary>
    public static double Mse<T>(RegressionTaskSet<T> tasks, int steps, double learningRate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        Span<double> weights = stackalloc double[RegressionTokens.Dimension];
        double sum = 0;
        for (int t = 0; t < tasks.Count; t++)
        {
            double error = Predict(tasks.Tokens(t), steps, learningRate, weights) - double.CreateChecked(tasks.Target(t));
            sum += error * error;
        }
        return sum / tasks.Count;
    }

    /// <summary>
    /// The learning rate of <paramref name="grid"/> whose <paramref name="steps"/>-step query error over
    /// <paramref name="tasks"/> is least, and that error (the first such rate on a tie).
    /// </summary>
    /// <exception cref="ArgumentException">The grid is empty.</exception>
    public static (double LearningRate, double Mse) BestLearningRate<T>(RegressionTaskSet<T> tasks, int steps, IReadOnlyList<double> grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0) throw new ArgumentException("The learning-rate grid is empty.", nameof(grid));
        var best = (LearningRate: grid[0], Mse: double.PositiveInfinity);
        foreach (double rate in grid)
        {
            double mse = Mse(tasks, steps, rate);
            if (mse < best.Mse) best = (rate, mse);
        }
        return best;
    }

    /// <summary>
    /// Learning rates from <paramref name="min"/> to <paramref name="max"/>, <paramref name="perDecade"/>
    /// evenly spaced in log scale per factor of ten (both ends included).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not positive and increasing, or <paramref name="perDecade"/> is less than 1.</exception>
    public static double[] LogGrid(double min, double max, int perDecade)
    {
        if (!(min > 0 && max > min && double.IsFinite(max))) throw new ArgumentOutOfRangeException(nameof(max), max, "The grid needs 0 < min < max.");
        ArgumentOutOfRangeException.ThrowIfLessThan(perDecade, 1);
        int intervals = (int)Math.Ceiling(Math.Log10(max / min) * perDecade - 1e-9);
        return Enumerable.Range(0, intervals + 1).Select(i => Math.Min(max, min * Math.Pow(10, (double)i / perDecade))).ToArray();
    }
}
