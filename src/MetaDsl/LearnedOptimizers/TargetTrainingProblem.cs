using System.Numerics;
using MetaDsl.Evolution;
using MetaDsl.Tasks;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// The inner problem a learned optimizer is meta-trained on: a fresh <typeparamref name="TTarget"/>, drawn
/// from its initializer, trained for <see cref="Horizon"/> steps by the optimizer network phi on the support
/// set of one task drawn from a sampler. The loss of each step is the support loss before the step (the
/// training loss learned_optimization meta-trains on), capped at <see cref="LossCap"/> so that a diverging
/// candidate scores badly instead of ending the estimate; optionally its logarithm, so that tasks whose
/// losses differ in scale (sinusoids of amplitude 0.1 and 5) weigh alike.
/// </summary>
/// <remarks>
/// A particle's state holds the target's parameters, the optimizer's moments and step, and the task's seed;
/// the task is drawn again from that seed at each unroll, so the state alone says where a particle is.
/// Each thread that unrolls gets its own sampler and buffers, made once.
/// </remarks>
/// <typeparam name="TTarget">The learner trained; the sampler's tasks are in its <c>[Loss]</c> input order.</typeparam>
/// <typeparam name="TNet">The optimizer network (<see cref="LearnedOptimizer{TNet, T}"/>'s).</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class TargetTrainingProblem<TTarget, TNet, T> : IUnrolledProblem<T>, IDisposable
    where TTarget : ILearner<TTarget>
    where TNet : ILearner<TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _parameters;
    private readonly int _optimizerState;
    private readonly int[] _segmentEnds;
    private readonly ThreadLocal<Scratch> _scratch;

    /// <param name="samplers">Makes one task sampler per unrolling thread (samplers keep per-draw state).</param>
    /// <param name="horizon">Steps of one training run.</param>
    /// <param name="learningRate">The learned optimizer's step multiplier.</param>
    /// <param name="lossCap">The most one step's loss counts; a non-finite loss counts as this.</param>
    /// <param name="logLoss">Count the natural logarithm of each step's capped loss (floored at <see cref="LogFloor"/>) instead of the loss.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TNet"/> is not an optimizer network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A horizon below 1, or a learning rate or cap that is not positive and finite.</exception>
    public TargetTrainingProblem(Func<ITaskSampler<T>> samplers, int horizon, double learningRate, double lossCap, bool logLoss = false)
    {
        ArgumentNullException.ThrowIfNull(samplers);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        if (!(lossCap > 0) || !double.IsFinite(lossCap)) throw new ArgumentOutOfRangeException(nameof(lossCap), lossCap, "The loss cap must be positive and finite.");
        int timeColumns = LearnedStep.TimeColumns<TNet>();
        _parameters = TTarget.Info.ParameterCount;
        _optimizerState = OptimizerFeatures.StateLength(_parameters);
        _segmentEnds = LearnedStep.SegmentEnds(TTarget.Info);
        Horizon = horizon;
        LearningRate = T.CreateChecked(learningRate);
        LossCap = T.CreateChecked(lossCap);
        LogLoss = logLoss;
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(samplers(), _parameters, timeColumns));
    }

    /// <inheritdoc/>
    public int MetaParameterCount => TNet.Info.ParameterCount;

    /// <inheritdoc/>
    public int StateLength => _parameters + _optimizerState + 2;

    /// <inheritdoc/>
    public int Horizon { get; }

    /// <summary>The learned optimizer's step multiplier.</summary>
    public T LearningRate { get; }

    /// <summary>The most one step's loss counts.</summary>
    public T LossCap { get; }

    /// <summary>True when a step counts the logarithm of its capped loss.</summary>
    public bool LogLoss { get; }

    /// <summary>The least loss whose logarithm is taken, so a loss of zero counts as a finite log.</summary>
    public const double LogFloor = 1e-12;

    /// <summary>The target's parameters inside a particle's state.</summary>
    public Span<T> Theta(Span<T> state) => state[.._parameters];

    /// <inheritdoc/>
    public void Reset(Span<T> state, ulong seed)
    {
        CheckState(state);
        state.Clear();
        TTarget.Initialize(Theta(state), unchecked((int)(seed ^ (seed >> 32))));
        // Two 32-bit halves: each is exact in float and double.
        state[^2] = T.CreateChecked((uint)seed);
        state[^1] = T.CreateChecked((uint)(seed >> 32));
    }

    /// <inheritdoc/>
    public T Unroll(ReadOnlySpan<T> phi, Span<T> state, int steps)
    {
        if (phi.Length != MetaParameterCount) throw new ArgumentException($"phi has {phi.Length} entries; {TNet.Info.Name} has {MetaParameterCount} parameters.", nameof(phi));
        CheckState(state);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var scratch = DrawTask(state);
        var theta = Theta(state);
        var optimizer = state.Slice(_parameters, _optimizerState);
        var total = T.Zero;
        for (int s = 0; s < steps; s++)
        {
            var loss = TTarget.Gradient<T>(theta, scratch.Task.Support, scratch.Gradient);
            total += Capped(loss);
            LearnedStep.Apply<TNet, T>(phi, theta, scratch.Gradient, optimizer, _segmentEnds, Horizon, LearningRate,
                scratch.Features, scratch.Time, scratch.FeatureBatch, scratch.Outputs);
        }
        return total;
    }

    /// <summary>
    /// Truncated backprop: advances <paramref name="state"/> by <paramref name="steps"/> steps exactly as
    /// <see cref="Unroll"/> does and writes into <paramref name="gradient"/> the exact d/dphi of the summed
    /// (capped) losses of those steps, the state at the truncation's start held fixed. The reverse pass goes
    /// through the optimizer network (its generated pull-backs to phi and to its features), the features'
    /// normalisation and moments, and the target's gradient (its H·v); a capped or non-finite loss has no
    /// gradient. Memory grows with the truncation: each step's parameters, gradient, moments and features.
    /// </summary>
    /// <returns>The summed losses, as <see cref="Unroll"/> returns them.</returns>
    public T TruncatedGradient(ReadOnlySpan<T> phi, Span<T> state, int steps, Span<T> gradient)
    {
        if (phi.Length != MetaParameterCount) throw new ArgumentException($"phi has {phi.Length} entries; {TNet.Info.Name} has {MetaParameterCount} parameters.", nameof(phi));
        if (gradient.Length != MetaParameterCount) throw new ArgumentException($"gradient has {gradient.Length} entries; {TNet.Info.Name} has {MetaParameterCount} parameters.", nameof(gradient));
        CheckState(state);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var scratch = DrawTask(state);
        var tape = scratch.Tape(steps, MetaParameterCount);
        int n = _parameters, moments = 3 * n, rows = n * OptimizerFeatures.Count, time = scratch.Time.Length;
        var theta = Theta(state);
        var optimizer = state.Slice(_parameters, _optimizerState);
        var total = T.Zero;
        for (int s = 0; s < steps; s++)
        {
            theta.CopyTo(tape.Theta.AsSpan(s * n, n));
            var loss = TTarget.Gradient<T>(theta, scratch.Task.Support, scratch.Gradient);
            total += Capped(loss);
            tape.LossSlope[s] = Slope(loss);
            scratch.Gradient.CopyTo(tape.Gradient.AsSpan(s * n, n));
            LearnedStep.Apply<TNet, T>(phi, theta, scratch.Gradient, optimizer, _segmentEnds, Horizon, LearningRate,
                scratch.Features, scratch.Time, scratch.FeatureBatch, scratch.Outputs);
            optimizer[..(moments + n)].CopyTo(tape.Moments.AsSpan(s * (moments + n), moments + n));
            scratch.Features.CopyTo(tape.Features.AsSpan(s * rows, rows));
            scratch.Time.CopyTo(tape.Time.AsSpan(s * time, time));
            scratch.Outputs.CopyTo(tape.Outputs.AsSpan(s * 2 * n, 2 * n));
        }

        gradient.Clear();
        Array.Clear(tape.ThetaBar);
        Array.Clear(tape.MomentsBar);
        var kappa = T.CreateChecked(LearnedOptimizer<TNet, T>.MagnitudeScale);
        for (int s = steps - 1; s >= 0; s--)
        {
            var outputs = tape.Outputs.AsSpan(s * 2 * n, 2 * n);
            // theta_{s+1} = theta_s − lr·d·exp(κ·m): the cotangent of the network's output.
            for (int i = 0; i < n; i++)
            {
                var step = LearningRate * T.Exp(outputs[2 * i + 1] * kappa);
                tape.Cotangent[2 * i] = -step * tape.ThetaBar[i];
                tape.Cotangent[2 * i + 1] = -step * outputs[2 * i] * kappa * tape.ThetaBar[i];
            }
            tape.Features.AsSpan(s * rows, rows).CopyTo(scratch.Features);
            tape.Time.AsSpan(s * time, time).CopyTo(scratch.Time);
            TNet.PredictPullback<T>(phi, scratch.FeatureBatch, tape.Cotangent, tape.PhiStep);
            for (int j = 0; j < gradient.Length; j++) gradient[j] += tape.PhiStep[j];
            TNet.PredictInputPullback<T>(phi, scratch.FeatureBatch, tape.Cotangent, tape.FeaturesBar);

            var thetaS = tape.Theta.AsSpan(s * n, n);
            var g = tape.Gradient.AsSpan(s * n, n);
            var stateS = tape.Moments.AsSpan(s * (moments + n), moments + n);
            Array.Clear(tape.GradientBar);
            FeatureAdjoint.Accumulate<T>(thetaS, g, stateS[..moments], stateS[moments..], _segmentEnds, tape.FeaturesBar,
                tape.ThetaBar, tape.GradientBar, tape.MomentsBar.AsSpan(0, moments), tape.MomentsBar.AsSpan(moments, n));
            // Through this step's moment updates, m = β·m' + (1 − β)·g and v = β₂·v' + (1 − β₂)·g²: to g, and to the state before.
            var beta2 = T.CreateChecked(OptimizerFeatures.SecondMomentDecay);
            for (int k = 0; k < 3; k++)
            {
                var beta = T.CreateChecked(OptimizerFeatures.Decays[k]);
                for (int i = 0; i < n; i++)
                {
                    ref var mBar = ref tape.MomentsBar[k * n + i];
                    tape.GradientBar[i] += (T.One - beta) * mBar;
                    mBar *= beta;
                }
            }
            for (int i = 0; i < n; i++)
            {
                ref var vBar = ref tape.MomentsBar[moments + i];
                tape.GradientBar[i] += (T.One - beta2) * (g[i] + g[i]) * vBar;
                vBar *= beta2;
            }
            // Through g = ∇L(theta_s), and through this step's loss term.
            TTarget.HessianVectorProduct<T>(thetaS, scratch.Task.Support, tape.GradientBar, tape.HessianVector);
            for (int i = 0; i < n; i++) tape.ThetaBar[i] += tape.HessianVector[i] + tape.LossSlope[s] * g[i];
        }
        return total;
    }

    /// <summary>The support loss at the state's parameters, capped (and its logarithm taken) as in <see cref="Unroll"/>: where a training run ended.</summary>
    public T Loss(Span<T> state)
    {
        CheckState(state);
        return Capped(TTarget.Loss<T>(Theta(state), DrawTask(state).Task.Support));
    }

    /// <inheritdoc/>
    public void Dispose() => _scratch.Dispose();

    /// <summary>This thread's buffers, holding the particle's task drawn again from the seed in its state.</summary>
    private Scratch DrawTask(ReadOnlySpan<T> state)
    {
        var scratch = _scratch.Value!;
        var rng = new SplitMix64(uint.CreateChecked(state[^2]) | ((ulong)uint.CreateChecked(state[^1]) << 32));
        scratch.Sampler.Sample(ref rng, scratch.Task);
        return scratch;
    }

    /// <summary>d(counted loss)/d(loss): zero where the cap or the log floor holds it constant.</summary>
    private T Slope(T loss)
    {
        if (!T.IsFinite(loss) || loss >= LossCap) return T.Zero;
        if (!LogLoss) return T.One;
        return loss > T.CreateChecked(LogFloor) ? T.One / loss : T.Zero;
    }

    private T Capped(T loss)
    {
        var capped = T.IsFinite(loss) ? T.Min(loss, LossCap) : LossCap;
        return LogLoss ? T.Log(T.Max(capped, T.CreateChecked(LogFloor))) : capped;
    }

    private void CheckState(ReadOnlySpan<T> state)
    {
        if (state.Length != StateLength) throw new ArgumentException($"A particle's state has {StateLength} entries; this one has {state.Length}.", nameof(state));
    }

    private sealed class Scratch
    {
        public Scratch(ITaskSampler<T> sampler, int parameters, int timeColumns)
        {
            Sampler = sampler;
            Task = sampler.Allocate();
            Gradient = new T[parameters];
            Features = new T[parameters * OptimizerFeatures.Count];
            Time = new T[timeColumns];
            FeatureBatch = LearnedStep.FeatureBatch(Features, Time);
            Outputs = new T[parameters * 2];
        }

        public ITaskSampler<T> Sampler { get; }

        public MetaTask<T> Task { get; }

        public T[] Gradient { get; }

        public T[] Features { get; }

        public T[] Time { get; }

        public Batch<T> FeatureBatch { get; }

        public T[] Outputs { get; }

        private UnrollTape<T>? _tape;

        /// <summary>The truncated-backprop tape, grown to <paramref name="steps"/> steps on first need.</summary>
        public UnrollTape<T> Tape(int steps, int metaParameters)
        {
            if (_tape is null || _tape.Steps < steps) _tape = new UnrollTape<T>(steps, Gradient.Length, Time.Length, metaParameters);
            return _tape;
        }
    }
}
