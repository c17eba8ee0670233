using System.Numerics;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// The learned optimizer's update rule, shared by <see cref="LearnedOptimizer{TNet, T}"/> (a training
/// loop's optimizer) and <see cref="TargetTrainingProblem{TTarget, TNet, T}"/> (the inner problem that
/// meta-trains it), so that what is meta-trained is exactly what is later used.
/// </summary>
internal static class LearnedStep
{
    /// <summary>
    /// Folds <paramref name="gradient"/> into <paramref name="state"/>, runs <typeparamref name="TNet"/> on every
    /// parameter's features at once and moves <paramref name="theta"/> by −d · exp(m · <see cref="LearnedOptimizer{TNet, T}.MagnitudeScale"/>) · <paramref name="learningRate"/>.
    /// <paramref name="featureBatch"/> wraps <paramref name="features"/> (theta.Length rows of <paramref name="columns"/>);
    /// <paramref name="outputs"/> receives theta.Length rows of (direction, log-magnitude).
    /// </summary>
    public static void Apply<TNet, T>(ReadOnlySpan<T> phi, Span<T> theta, ReadOnlySpan<T> gradient, Span<T> state, ReadOnlySpan<int> segmentEnds,
        int horizon, int columns, T learningRate, Span<T> features, Batch<T> featureBatch, Span<T> outputs)
        where TNet : ILearner<TNet>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double fraction = horizon > 0 ? Math.Min(1.0, (double)OptimizerFeatures.Steps<T>(state) / horizon) : 0;
        OptimizerFeatures.Write(theta, gradient, state, segmentEnds, fraction, columns, features);
        TNet.Predict<T>(phi, featureBatch, outputs);
        var scale = T.CreateChecked(LearnedOptimizer<TNet, T>.MagnitudeScale);
        for (int i = 0; i < theta.Length; i++)
            theta[i] -= outputs[2 * i] * T.Exp(outputs[2 * i + 1] * scale) * learningRate;
    }

    /// <summary>The feature count <typeparamref name="TNet"/> takes, <see cref="OptimizerFeatures.Count"/> or <see cref="OptimizerFeatures.TemporalCount"/>.</summary>
    /// <exception cref="ArgumentException">Its <c>[Forward]</c> is not [n, 18] or [n, 19] to [n, 2].</exception>
    public static int Columns<TNet>() where TNet : ILearner<TNet>
    {
        var inputs = TNet.Info.ForwardInputs;
        if (inputs.Count == 1 && inputs[0].Dims.Length == 2 && int.TryParse(inputs[0].Dims[1], out int columns)
            && columns is OptimizerFeatures.Count or OptimizerFeatures.TemporalCount && TNet.Info.OutputDims is [_, "2"])
            return columns;
        throw new ArgumentException(
            $"{TNet.Info.Name} cannot be a learned optimizer: its [Forward] takes {string.Join(", ", inputs)} and returns [{string.Join(", ", TNet.Info.OutputDims)}]; "
            + $"it must take one input [n, {OptimizerFeatures.Count}] (or [n, {OptimizerFeatures.TemporalCount}]) and return [n, 2].", "TNet");
    }

    /// <summary>Where each of <paramref name="target"/>'s parameter tensors ends in theta.</summary>
    public static int[] SegmentEnds(LearnerInfo target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Parameters.Select(p => p.Offset + p.Size).ToArray();
    }
}
