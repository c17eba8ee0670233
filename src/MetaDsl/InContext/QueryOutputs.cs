using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>
/// What a model does at the query of each task of a <see cref="RegressionTaskSet{T}"/>: its prediction ŷ
/// and its input sensitivity dŷ/dx_q, the two things von Oswald et al. (2023) compare between trained
/// linear self-attention and gradient descent.
/// </summary>
public sealed class QueryOutputs
{
    /// <summary>Allocates outputs for <paramref name="tasks"/> tasks.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> is less than 1.</exception>
    public QueryOutputs(int tasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        Predictions = new double[tasks];
        Sensitivities = new double[tasks * RegressionTokens.Dimension];
    }

    /// <summary>ŷ per task.</summary>
    public double[] Predictions { get; }

    /// <summary>dŷ/dx_q per task, d values each, task after task.</summary>
    public double[] Sensitivities { get; }

    /// <summary>Task <paramref name="task"/>'s dŷ/dx_q.</summary>
    public Span<double> Sensitivity(int task) => Sensitivities.AsSpan(task * RegressionTokens.Dimension, RegressionTokens.Dimension);

    /// <summary>The mean squared error of the predictions against the tasks' query targets.</summary>
    /// <exception cref="ArgumentException">The task set has another number of tasks.</exception>
    public double Mse<T>(RegressionTaskSet<T> tasks) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count != Predictions.Length) throw new ArgumentException($"These outputs are for {Predictions.Length} tasks, the set has {tasks.Count}.", nameof(tasks));
        double sum = 0;
        for (int t = 0; t < Predictions.Length; t++)
        {
            double error = Predictions[t] - double.CreateChecked(tasks.Target(t));
            sum += error * error;
        }
        return sum / Predictions.Length;
    }

    /// <summary>How closely these outputs agree with <paramref name="other"/>'s on the same tasks.</summary>
    /// <exception cref="ArgumentException">The two are for different numbers of tasks.</exception>
    public OutputAlignment AlignWith(QueryOutputs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Predictions.Length != Predictions.Length) throw new ArgumentException($"The outputs are for {Predictions.Length} and {other.Predictions.Length} tasks.", nameof(other));
        double squared = 0;
        for (int t = 0; t < Predictions.Length; t++) squared += (Predictions[t] - other.Predictions[t]) * (Predictions[t] - other.Predictions[t]);
        double sensitivity = 0;
        for (int t = 0; t < Predictions.Length; t++) sensitivity += Cosine(Sensitivity(t), other.Sensitivity(t));
        return new OutputAlignment(
            Cosine(Predictions, other.Predictions),
            sensitivity / Predictions.Length,
            Math.Sqrt(squared / Predictions.Length));
    }

    /// <summary>uᵀv / (|u| |v|), or 0 when either is zero.</summary>
    private static double Cosine(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double uv = 0, uu = 0, vv = 0;
        for (int i = 0; i < u.Length; i++)
        {
            uv += u[i] * v[i];
            uu += u[i] * u[i];
            vv += v[i] * v[i];
        }
        return uu > 0 && vv > 0 ? uv / Math.Sqrt(uu * vv) : 0;
    }
}
