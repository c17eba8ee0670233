using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <paramref name="featureBatch"/> wraps <paramref name="features"/> (theta.Length rows of <see cref="OptimizerFeatures.Count"/>)
    /// and <paramref name="time"/> (the shared row, <see cref="TimeColumns{TNet}"/> long);
    /// <paramref name="outputs"/> receives theta.Length rows of (direction, log-magnitude).
    /// </summary>
    public static void Apply<TNet, T>(ReadOnlySpan<T> phi, Span<T> theta, ReadOnlySpan<T> gradient, Span<T> state, ReadOnlySpan<int> segmentEnds,
        int horizon, T learningRate, Span<T> features, Span<T> time, Batch<T> featureBatch, Span<T> outputs)
        where TNet : ILearner<TNet>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double fraction = horizon > 0 ? Math.Min(1.0, (double)OptimizerFeatures.Steps<T>(state) / horizon) : 0;
        OptimizerFeatures.Write(theta, gradient, state, segmentEnds, fraction, features, time);
        TNet.Predict<T>(phi, featureBatch, outputs);
        var scale = T.CreateChecked(LearnedOptimizer<TNet, T>.MagnitudeScale);
        int i = typeof(T) == typeof(float) && Avx2.IsSupported
            ? MoveEightAtATime(MemoryMarshal.Cast<T, float>(theta), MemoryMarshal.Cast<T, float>(outputs), float.CreateTruncating(scale), float.CreateTruncating(learningRate))
            : 0;
        for (; i < theta.Length; i++)
            theta[i] -= outputs[2 * i] * T.Exp(outputs[2 * i + 1] * scale) * learningRate;
    }

    /// <summary>
    /// The move of whole groups of eight float parameters, their (direction, log-magnitude) pairs split into
    /// two vectors and exp taken as a vector (which rounds apart from the scalar exp); returns where it stopped.
    /// </summary>
    private static unsafe int MoveEightAtATime(Span<float> theta, ReadOnlySpan<float> outputs, float scale, float learningRate)
    {
        var s = Vector256.Create(scale);
        var rate = Vector256.Create(learningRate);
        int i = 0;
        fixed (float* t = theta)
        fixed (float* o = outputs)
        {
            for (; i + 8 <= theta.Length; i += 8)
            {
                var low = Avx.LoadVector256(o + 2 * i);
                var high = Avx.LoadVector256(o + 2 * i + 8);
                // Shuffle takes lanes 0, 2 (or 1, 3) of each 128-bit half of both; the 64-bit permute puts them in order.
                var direction = Avx2.Permute4x64(Avx.Shuffle(low, high, 0x88).AsDouble(), 0xD8).AsSingle();
                var magnitude = Avx2.Permute4x64(Avx.Shuffle(low, high, 0xDD).AsDouble(), 0xD8).AsSingle();
                var step = direction * Vector256.Exp(magnitude * s) * rate;
                (Avx.LoadVector256(t + i) - step).Store(t + i);
            }
        }
        return i;
    }

    /// <summary>The length of the shared row <typeparamref name="TNet"/> takes, <see cref="OptimizerFeatures.TimeCount"/> or <see cref="OptimizerFeatures.TemporalTimeCount"/>.</summary>
    /// <exception cref="ArgumentException">Its <c>[Forward]</c> is not ([n, 9], [1, 9]) or ([n, 9], [1, 10]) to [n, 2].</exception>
    public static int TimeColumns<TNet>() where TNet : ILearner<TNet>
    {
        var inputs = TNet.Info.ForwardInputs;
        string count = OptimizerFeatures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (inputs.Count == 2 && inputs[0].Dims is [_, var perParameter] && perParameter == count
            && inputs[1].Dims is ["1", var shared] && int.TryParse(shared, out int time)
            && time is OptimizerFeatures.TimeCount or OptimizerFeatures.TemporalTimeCount && TNet.Info.OutputDims is [_, "2"])
            return time;
        throw new ArgumentException(
            $"{TNet.Info.Name} cannot be a learned optimizer: its [Forward] takes {string.Join(", ", inputs)} and returns [{string.Join(", ", TNet.Info.OutputDims)}]; "
            + $"it must take the per-parameter features [n, {OptimizerFeatures.Count}] and the shared row [1, {OptimizerFeatures.TimeCount}] "
            + $"(or [1, {OptimizerFeatures.TemporalTimeCount}]) and return [n, 2].", "TNet");
    }

    /// <summary>The batch an optimizer network's <c>Predict</c> reads: <paramref name="features"/> as rows of <see cref="OptimizerFeatures.Count"/>, <paramref name="time"/> as one row.</summary>
    public static Batch<T> FeatureBatch<T>(T[] features, T[] time) where T : unmanaged, IFloatingPointIeee754<T>
        => new(new Tensor<T>(features, features.Length / OptimizerFeatures.Count, OptimizerFeatures.Count), new Tensor<T>(time, 1, time.Length));

    /// <summary>Where each of <paramref name="target"/>'s parameter tensors ends in theta.</summary>
    public static int[] SegmentEnds(LearnerInfo target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Parameters.Select(p => p.Offset + p.Size).ToArray();
    }
}
