using MetaDsl.LearnedOptimizers;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// Trains held-out targets with a meta-trained optimizer and with Adam, Adam's learning rate picked from
/// a grid by the mean final support loss on separate tuning tasks (per setting, so Adam is tuned for
/// each width and length while the learned optimizer is not). Every run is independent and seeded by
/// its task, so the result is the same for any thread count.
/// </summary>
/// <typeparam name="TNet">The optimizer network.</typeparam>
internal sealed class LoptComparison<TNet> where TNet : ILearner<TNet>
{
    /// <summary>Adam's learning rates tried, half a decade apart.</summary>
    public static IReadOnlyList<double> AdamGrid { get; } = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];

    private readonly float[] _phi;
    private readonly float _learningRate;
    private readonly MetaTask<float>[] _heldOut;
    private readonly MetaTask<float>[] _tuning;
    private readonly ParallelOptions _parallel;
    private readonly IProgress<int> _progress;
    private int _runsDone;

    /// <param name="phi">The optimizer network's parameters.</param>
    /// <param name="learningRate">The learned optimizer's step multiplier.</param>
    /// <param name="heldOut">The tasks compared on.</param>
    /// <param name="tuning">The tasks Adam's learning rate is tuned on.</param>
    /// <param name="threads">Runs at once.</param>
    /// <param name="progress">Receives the number of training runs done.</param>
    /// <param name="cancellation">Ends the comparison between runs.</param>
    public LoptComparison(float[] phi, double learningRate, MetaTask<float>[] heldOut, MetaTask<float>[] tuning, int threads, IProgress<int> progress, CancellationToken cancellation)
    {
        _phi = phi;
        _learningRate = (float)learningRate;
        _heldOut = heldOut;
        _tuning = tuning;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
        _progress = progress;
    }

    /// <summary>The training runs one setting makes: the learned optimizer's, Adam's on the grid, tuned Adam's.</summary>
    public static int RunsPerSetting(int heldOut, int tuning) => 2 * heldOut + AdamGrid.Count * tuning;

    /// <summary>Compares in one setting: <typeparamref name="TLearner"/> trained for <paramref name="steps"/> steps.</summary>
    /// <exception cref="OperationCanceledException">The cancellation token was cancelled.</exception>
    public LoptComparisonRow Compare<TLearner>(string setting, int steps) where TLearner : ILearner<TLearner>
    {
        var learned = Curves<TLearner>(_heldOut, steps, () => new LearnedOptimizer<TNet, float>(_phi, TLearner.Info, steps, _learningRate), out var learnedQuery);
        double bestRate = AdamGrid[0], bestFinal = double.PositiveInfinity;
        foreach (double rate in AdamGrid)
        {
            var tuned = Curves<TLearner>(_tuning, steps, () => new Adam<float>(TLearner.Info.ParameterCount, (float)rate), out _);
            double final = Mean(tuned, steps);
            if (final < bestFinal)
            {
                bestFinal = final;
                bestRate = rate;
            }
        }
        var adam = Curves<TLearner>(_heldOut, steps, () => new Adam<float>(TLearner.Info.ParameterCount, (float)bestRate), out var adamQuery);
        int wins = Enumerable.Range(0, _heldOut.Length).Count(t => learned[t][steps] < adam[t][steps]);
        return new LoptComparisonRow(setting, TLearner.Info.Name, steps, bestRate,
            Enumerable.Range(0, steps + 1).Select(s => Mean(learned, s)).ToArray(),
            Enumerable.Range(0, steps + 1).Select(s => Mean(adam, s)).ToArray(),
            learnedQuery.Average(), adamQuery.Average(), wins, _heldOut.Length);
    }

    /// <summary>One training run per task, each with a fresh optimizer and the task's own initialization.</summary>
    private float[][] Curves<TLearner>(MetaTask<float>[] tasks, int steps, Func<IOptimizer<float>> optimizer, out double[] query) where TLearner : ILearner<TLearner>
    {
        var curves = new float[tasks.Length][];
        var queries = new double[tasks.Length];
        Parallel.For(0, tasks.Length, _parallel, t =>
        {
            int parameters = TLearner.Info.ParameterCount;
            curves[t] = new float[steps + 1];
            queries[t] = TrainingCurve<TLearner, float>.Run(optimizer(), tasks[t], InitializationSeed(t), new float[parameters], new float[parameters], curves[t]);
            _progress.Report(Interlocked.Increment(ref _runsDone));
        });
        query = queries;
        return curves;
    }

    /// <summary>Task t's initialization: the same for every optimizer compared on it.</summary>
    private static int InitializationSeed(int task) => unchecked(task * 7919 + 17);

    private static double Mean(float[][] curves, int step) => curves.Average(c => (double)c[step]);
}
