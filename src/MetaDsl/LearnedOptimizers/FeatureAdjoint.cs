using System.Numerics;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// The reverse of <see cref="OptimizerFeatures.Write"/> for truncated backprop: from the adjoint of the
/// features a network was given back to the parameters, the gradient and the moments that made them,
/// through the per-tensor root-mean-square normalisation.
/// </summary>
internal static class FeatureAdjoint
{
    /// <summary>
    /// Accumulates into <paramref name="thetaBar"/>, <paramref name="gradientBar"/>, <paramref name="momentsBar"/>
    /// (three moments, n each) and <paramref name="secondMomentBar"/> the pull-back of <paramref name="featuresBar"/>
    /// (n rows of <see cref="OptimizerFeatures.Count"/>; the shared row is a constant of the step). The moments and
    /// second moment are the state after the step that wrote the features.
    /// </summary>
    public static void Accumulate<T>(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, ReadOnlySpan<T> moments, ReadOnlySpan<T> secondMoment,
        ReadOnlySpan<int> segmentEnds, ReadOnlySpan<T> featuresBar,
        Span<T> thetaBar, Span<T> gradientBar, Span<T> momentsBar, Span<T> secondMomentBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = theta.Length;
        var epsilon = T.CreateChecked(1e-8);
        var tiny = T.CreateChecked(1e-18);
        var half = T.CreateChecked(0.5);
        Span<T> raw = stackalloc T[OptimizerFeatures.Count];
        Span<T> scale = stackalloc T[OptimizerFeatures.Count];
        Span<T> dot = stackalloc T[OptimizerFeatures.Count];
        Span<T> rawBar = stackalloc T[OptimizerFeatures.Count];
        int start = 0;
        foreach (int end in segmentEnds)
        {
            // The forward pass's scale per column, s = (mean r² + tiny)^-1/2, and Σ f̄·r, over this tensor.
            scale.Clear();
            dot.Clear();
            for (int i = start; i < end; i++)
            {
                Raw(theta, gradient, moments, secondMoment, i, n, epsilon, raw);
                var row = featuresBar.Slice(i * OptimizerFeatures.Count, OptimizerFeatures.Count);
                for (int c = 0; c < OptimizerFeatures.Count; c++)
                {
                    scale[c] += raw[c] * raw[c];
                    dot[c] += row[c] * raw[c];
                }
            }
            var count = T.CreateChecked(end - start);
            for (int c = 0; c < OptimizerFeatures.Count; c++) scale[c] = T.One / T.Sqrt(scale[c] / count + tiny);
            for (int i = start; i < end; i++)
            {
                Raw(theta, gradient, moments, secondMoment, i, n, epsilon, raw);
                var row = featuresBar.Slice(i * OptimizerFeatures.Count, OptimizerFeatures.Count);
                // r̄ = s·f̄ − (s³/N)·r·Σ f̄·r
                for (int c = 0; c < OptimizerFeatures.Count; c++)
                    rawBar[c] = scale[c] * row[c] - scale[c] * scale[c] * scale[c] / count * raw[c] * dot[c];
                var inverseRms = T.One / T.Sqrt(secondMoment[i] + epsilon);
                thetaBar[i] += rawBar[0];
                gradientBar[i] += rawBar[1] + rawBar[5] * inverseRms;
                var inverseRmsBar = rawBar[5] * gradient[i];
                for (int k = 0; k < 3; k++)
                {
                    momentsBar[k * n + i] += rawBar[2 + k] + rawBar[6 + k] * inverseRms;
                    inverseRmsBar += rawBar[6 + k] * moments[k * n + i];
                }
                // d(v + ε)^-1/2 / dv = −½ (v + ε)^-3/2
                secondMomentBar[i] -= half * inverseRmsBar * inverseRms * inverseRms * inverseRms;
            }
            start = end;
        }
    }

    /// <summary>Parameter i's features before normalisation, as <see cref="OptimizerFeatures.Write"/> computes them.</summary>
    private static void Raw<T>(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, ReadOnlySpan<T> moments, ReadOnlySpan<T> secondMoment, int i, int n, T epsilon, Span<T> raw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inverseRms = T.One / T.Sqrt(secondMoment[i] + epsilon);
        raw[0] = theta[i];
        raw[1] = gradient[i];
        raw[5] = gradient[i] * inverseRms;
        for (int k = 0; k < 3; k++)
        {
            raw[2 + k] = moments[k * n + i];
            raw[6 + k] = moments[k * n + i] * inverseRms;
        }
    }
}
