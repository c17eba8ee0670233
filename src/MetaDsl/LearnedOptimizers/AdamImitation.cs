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

    /// <summary>Rows per fitting step.</summary>
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
        int columns = LearnedStep.Columns<TNet>();
        var (inputs, targets) = Collect(sampler, runs, horizon, T.CreateChecked(learningRate), columns, seed);
        int rows = targets.Length / 2;
        int batchRows = Math.Min(MinibatchRows, rows);
        var x = new T[batchRows * columns];
        var y = new T[batchRows * 2];
        var minibatch = new Batch<T>(new Tensor<T>(x, batchRows, columns), new Tensor<T>(y, batchRows, 2));
        var gradient = new T[phi.Length];
        var adam = new Adam<T>(phi.Length, T.CreateChecked(fitLearningRate));
        var rng = new SplitMix64(seed ^ 0xA5A5_5A5A_C3C3_3C3CUL);
        for (int step = 0; step < fitSteps; step++)
        {
            for (int r = 0; r < batchRows; r++)
            {
                int row = rng.NextInt(rows);
                inputs.AsSpan(row * columns, columns).CopyTo(x.AsSpan(r * columns));
                targets.AsSpan(row * 2, 2).CopyTo(y.AsSpan(r * 2));
            }
            TNet.Gradient<T>(phi, minibatch, gradient);
            adam.Step(phi, gradient);
        }
        var all = new Batch<T>(new Tensor<T>(inputs, rows, columns), new Tensor<T>(targets, rows, 2));
        return double.CreateChecked(TNet.Loss<T>(phi, all));
    }

    /// <summary>Feature rows and their targets (Adam's direction, 0) along runs that step by exactly that rule.</summary>
    private static (T[] Inputs, T[] Targets) Collect(ITaskSampler<T> sampler, int runs, int horizon, T learningRate, int columns, ulong seed)
    {
        int n = TTarget.Info.ParameterCount, keep = Math.Min(RowsPerStep, n);
        var segmentEnds = LearnedStep.SegmentEnds(TTarget.Info);
        var inputs = new T[runs * horizon * keep * columns];
        var targets = new T[runs * horizon * keep * 2];
        var task = sampler.Allocate();
        var theta = new T[n];
        var gradient = new T[n];
        var state = new T[OptimizerFeatures.StateLength(n)];
        var features = new T[n * columns];
        var rng = new SplitMix64(seed);
        int row = 0;
        for (int run = 0; run < runs; run++)
        {
            sampler.Sample(ref rng, task);
            TTarget.Initialize<T>(theta, unchecked((int)rng.Next()));
            Array.Clear(state);
            for (int step = 0; step < horizon; step++)
            {
                // A run that diverges gives no more rows: its features would not be finite.
                if (!T.IsFinite(TTarget.Gradient<T>(theta, task.Support, gradient))) break;
                OptimizerFeatures.Write<T>(theta, gradient, state, segmentEnds, (double)step / horizon, columns, features);
                for (int k = 0; k < keep; k++, row++)
                {
                    int parameter = rng.NextInt(n);
                    features.AsSpan(parameter * columns, columns).CopyTo(inputs.AsSpan(row * columns));
                    targets[2 * row] = features[parameter * columns + OptimizerFeatures.AdamDirectionColumn];
                }
                for (int i = 0; i < n; i++) theta[i] -= learningRate * features[i * columns + OptimizerFeatures.AdamDirectionColumn];
            }
        }
        if (row == 0) throw new InvalidOperationException($"Every imitation run of {TTarget.Info.Name} diverged at its first step; no features were collected.");
        return (inputs[..(row * columns)], targets[..(row * 2)]);
    }
}
