using System.Numerics;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// Warm-starts a learned optimizer by imitation: fits its network, through its <c>[Loss]</c> (squared error
/// to given outputs), to output direction = Adam's (the feature <see cref="OptimizerFeatures.AdamDirectionColumn"/>)
/// and log-magnitude 0, on features met along target training runs that follow that rule. Evolution
/// strategies then start from an optimizer that already trains, instead of one whose steps are ~0.
/// </summary>
/// <typeparam name="TTarget">The learner whose training runs give the features.</typeparam>
/// <typeparam name="TNet">The optimizer network.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public static class AdamImitation<TTarget, TNet, T>
    where TTarget : ILearner<TTarget>
    where TNet : ILearner<TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of features kept per training step, drawn at random over the target's parameters.</summary>
    public const int RowsPerStep = 32;

    /// <summary>Rows per fitting step: whole training steps' rows, since the rows of one step share its time row.</summary>
    public const int MinibatchRows = 1024;

    /// <summary>
    /// Collects features from <paramref name="runs"/> training runs of <paramref name="horizon"/> steps on tasks of
    /// <paramref name="sampler"/>, then takes <paramref name="fitSteps"/> Adam steps of size <paramref name="fitLearningRate"/>
    /// on <paramref name="phi"/> (initialized already) over minibatches of them.
    /// </summary>
    /// <returns>The mean squared error of the network on all collected rows after fitting.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TNet"/> is not an optimizer network, or phi is not its length.</exception>
    /// <exception cref="InvalidOperationException">Every run diverged at once, so there is nothing to imitate.</exception>
    public static double Fit(Span<T> phi, ITaskSampler<T> sampler, int runs, int horizon, double learningRate, int fitSteps, double fitLearningRate, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (phi.Length != TNet.Info.ParameterCount) throw new ArgumentException($"phi has {phi.Length} entries; {TNet.Info.Name} has {TNet.Info.ParameterCount} parameters.", nameof(phi));
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(fitSteps);
        int timeColumns = LearnedStep.TimeColumns<TNet>();
        var collected = Collect(sampler, runs, horizon, T.CreateChecked(learningRate), timeColumns, seed);
        int keep = collected.Keep;
        int stepsPerMinibatch = Math.Max(1, MinibatchRows / keep);
        var x = new T[keep * OptimizerFeatures.Count];
        var time = new T[timeColumns];
        var y = new T[keep * 2];
        var record = new Batch<T>(new Tensor<T>(x, keep, OptimizerFeatures.Count), new Tensor<T>(time, 1, timeColumns), new Tensor<T>(y, keep, 2));
        var gradient = new T[phi.Length];
        var part = new T[phi.Length];
        var share = T.One / T.CreateChecked(stepsPerMinibatch);
        var adam = new Adam<T>(phi.Length, T.CreateChecked(fitLearningRate));
        var rng = new SplitMix64(seed ^ 0xA5A5_5A5A_C3C3_3C3CUL);
        for (int step = 0; step < fitSteps; step++)
        {
            // Every record has the same rows, so the mean of their losses' gradients is the minibatch loss's.
            Array.Clear(gradient);
            for (int r = 0; r < stepsPerMinibatch; r++)
            {
                collected.Load(rng.NextInt(collected.Records), x, time, y);
                TNet.Gradient<T>(phi, record, part);
                for (int j = 0; j < gradient.Length; j++) gradient[j] += part[j] * share;
            }
            adam.Step(phi, gradient);
        }
        double total = 0;
        for (int r = 0; r < collected.Records; r++)
        {
            collected.Load(r, x, time, y);
            total += double.CreateChecked(TNet.Loss<T>(phi, record));
        }
        return total / collected.Records;
    }

    /// <summary>
    /// Feature rows, the shared row of the step they come from, and their targets (Adam's direction, 0), along
    /// runs that step by exactly that rule: one record per training step.
    /// </summary>
    private static Collected Collect(ITaskSampler<T> sampler, int runs, int horizon, T learningRate, int timeColumns, ulong seed)
    {
        int n = TTarget.Info.ParameterCount, keep = Math.Min(RowsPerStep, n), columns = OptimizerFeatures.Count;
        var segmentEnds = LearnedStep.SegmentEnds(TTarget.Info);
        var inputs = new T[runs * horizon * keep * columns];
        var times = new T[runs * horizon * timeColumns];
        var targets = new T[runs * horizon * keep * 2];
        var task = sampler.Allocate();
        var theta = new T[n];
        var gradient = new T[n];
        var state = new T[OptimizerFeatures.StateLength(n)];
        var features = new T[n * columns];
        var rng = new SplitMix64(seed);
        int records = 0;
        for (int run = 0; run < runs; run++)
        {
            sampler.Sample(ref rng, task);
            TTarget.Initialize<T>(theta, unchecked((int)rng.Next()));
            Array.Clear(state);
            for (int step = 0; step < horizon; step++, records++)
            {
                // A run that diverges gives no more records: its features would not be finite.
                if (!T.IsFinite(TTarget.Gradient<T>(theta, task.Support, gradient))) break;
                OptimizerFeatures.Write<T>(theta, gradient, state, segmentEnds, (double)step / horizon, features, times.AsSpan(records * timeColumns, timeColumns));
                for (int k = 0; k < keep; k++)
                {
                    int parameter = rng.NextInt(n), row = records * keep + k;
                    features.AsSpan(parameter * columns, columns).CopyTo(inputs.AsSpan(row * columns));
                    targets[2 * row] = features[parameter * columns + OptimizerFeatures.AdamDirectionColumn];
                }
                for (int i = 0; i < n; i++) theta[i] -= learningRate * features[i * columns + OptimizerFeatures.AdamDirectionColumn];
            }
        }
        if (records == 0) throw new InvalidOperationException($"Every imitation run of {TTarget.Info.Name} diverged at its first step; no features were collected.");
        return new Collected(keep, records, timeColumns, inputs, times, targets);
    }

    /// <summary>The collected training steps: each <see cref="Keep"/> feature rows, one shared row and <see cref="Keep"/> targets.</summary>
    private readonly record struct Collected(int Keep, int Records, int TimeColumns, T[] Inputs, T[] Times, T[] Targets)
    {
        /// <summary>Copies record <paramref name="r"/> into a batch's buffers.</summary>
        public void Load(int r, T[] x, T[] time, T[] y)
        {
            Inputs.AsSpan(r * x.Length, x.Length).CopyTo(x);
            Times.AsSpan(r * TimeColumns, TimeColumns).CopyTo(time);
            Targets.AsSpan(r * y.Length, y.Length).CopyTo(y);
        }
    }
}
