using System.Numerics;
using MetaDsl.Optimizers;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// A meta-trained per-parameter network used as an ordinary optimizer: each step it turns every
/// parameter's <see cref="OptimizerFeatures"/> and the step's shared row into a direction d and a
/// log-magnitude m (all parameters in one batched <c>Predict</c>) and moves the parameter by −d · exp(m · <see cref="MagnitudeScale"/>) · <see cref="LearningRate"/>,
/// as learned_optimization's MLP optimizer does. Any loop that takes an <see cref="IOptimizer{T}"/> can use it.
/// </summary>
/// <typeparam name="TNet">The optimizer network: <c>[Forward]</c> inputs [n, 9] and [1, 9] (or [1, 10], temporally aware) and output [n, 2].</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class LearnedOptimizer<TNet, T> : IOptimizer<T>
    where TNet : ILearner<TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Scales the log-magnitude before it is exponentiated, keeping a fresh optimizer's steps near <see cref="LearningRate"/>.</summary>
    public const double MagnitudeScale = 0.001;

    private readonly T[] _phi;
    private readonly int[] _segmentEnds;
    private readonly T[] _state;
    private readonly T[] _features;
    private readonly T[] _time;
    private readonly T[] _outputs;
    private readonly Batch<T> _batch;
    private readonly int _horizon;

    /// <summary>An optimizer for every parameter of a <paramref name="target"/> learner, its tensors normalised apart.</summary>
    /// <param name="phi">The optimizer network's parameters (copied).</param>
    /// <param name="target">The learner whose parameters it steps.</param>
    /// <param name="horizon">The training run's length in steps; required by a temporally-aware network, which sees the fraction done.</param>
    /// <param name="learningRate">The step multiplier; learned_optimization's default is 0.001.</param>
    /// <exception cref="ArgumentException"><paramref name="phi"/> is not <typeparamref name="TNet"/>'s length, or the network's inputs are not [n, 9] and [1, 9] or [1, 10].</exception>
    /// <exception cref="ArgumentOutOfRangeException">A temporally-aware network without a positive horizon.</exception>
    public LearnedOptimizer(ReadOnlySpan<T> phi, LearnerInfo target, int horizon = 0, T? learningRate = null)
        : this(phi, LearnedStep.SegmentEnds(target), horizon, learningRate)
    {
    }

    /// <summary>An optimizer for a flat vector whose tensors end at <paramref name="segmentEnds"/> (ascending; the last is the vector's length).</summary>
    /// <inheritdoc cref="LearnedOptimizer{TNet, T}(ReadOnlySpan{T}, LearnerInfo, int, T?)"/>
    public LearnedOptimizer(ReadOnlySpan<T> phi, int[] segmentEnds, int horizon = 0, T? learningRate = null)
    {
        ArgumentNullException.ThrowIfNull(segmentEnds);
        if (phi.Length != TNet.Info.ParameterCount)
            throw new ArgumentException($"phi has {phi.Length} entries; {TNet.Info.Name} has {TNet.Info.ParameterCount} parameters.", nameof(phi));
        int timeColumns = LearnedStep.TimeColumns<TNet>();
        if (timeColumns == OptimizerFeatures.TemporalTimeCount)
            ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1, nameof(horizon));
        if (segmentEnds.Length == 0 || segmentEnds.Zip(segmentEnds.Skip(1)).Any(p => p.Second <= p.First) || segmentEnds[0] <= 0)
            throw new ArgumentException("Segment ends must be positive and ascending.", nameof(segmentEnds));
        Length = segmentEnds[^1];
        _phi = phi.ToArray();
        _segmentEnds = (int[])segmentEnds.Clone();
        _horizon = horizon;
        _state = new T[OptimizerFeatures.StateLength(Length)];
        _features = new T[Length * OptimizerFeatures.Count];
        _time = new T[timeColumns];
        _outputs = new T[Length * 2];
        _batch = LearnedStep.FeatureBatch(_features, _time);
        LearningRate = learningRate ?? T.CreateChecked(0.001);
    }

    /// <inheritdoc/>
    public T LearningRate { get; set; }

    /// <summary>The number of parameters it steps.</summary>
    public int Length { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps => OptimizerFeatures.Steps<T>(_state);

    /// <summary>Forgets the moments and the step count, as for a new training run.</summary>
    public void Reset() => Array.Clear(_state);

    /// <inheritdoc/>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient)
    {
        OptimizerGuard.Lengths(theta, gradient, Length);
        LearnedStep.Apply<TNet, T>(_phi, theta, gradient, _state, _segmentEnds, _horizon, LearningRate, _features, _time, _batch, _outputs);
    }
}
