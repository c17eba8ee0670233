using System.Globalization;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>
/// Shows a long run's progress: a live Spectre bar (for training, with the smoothed meta-loss, steps/s
/// and ETA) on an interactive terminal, or a plain line every tenth of the run when output is redirected.
/// </summary>
internal static class ProgressView
{
    /// <summary>Runs <paramref name="work"/>, feeding its progress reports to the display.</summary>
    public static TResult Run<TResult>(CliEnvironment environment, string title, int totalSteps, Func<IProgress<TrainingProgress>, TResult> work)
    {
        if (!environment.Live)
        {
            var lines = new LineReporter(environment.Console, title, totalSteps);
            return work(lines);
        }
        return Bar(environment, title, totalSteps, task => work(new BarReporter(task, title)));
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> items are done
    /// (from any thread): a live bar on a terminal, otherwise a line at every tenth.
    /// </summary>
    public static TResult RunCounted<TResult>(CliEnvironment environment, string title, int total, Func<IProgress<int>, TResult> work)
    {
        if (!environment.Live)
        {
            int every = Math.Max(1, total / 10);
            return work(new Progress<int>(done =>
            {
                if (done % every == 0 || done == total) environment.Console.WriteLine($"{title}: {done:N0}/{total:N0}");
            }));
        }
        return Bar(environment, title, total, task => work(new Progress<int>(done => task.Value = Math.Max(task.Value, done))));
    }

    private static TResult Bar<TResult>(CliEnvironment environment, string title, int total, Func<ProgressTask, TResult> work) =>
        environment.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(context.AddTask(Markup.Escape(title), maxValue: total)));

    /// <summary>An exponential moving average, so a noisy per-step meta-loss reads as a trend.</summary>
    private struct Smoothed
    {
        private double _value;
        private bool _started;

        public double Add(double x)
        {
            _value = _started ? 0.98 * _value + 0.02 * x : x;
            _started = true;
            return _value;
        }
    }

    /// <summary>Updates the live bar (Spectre redraws it on its own thread; these are plain property writes).</summary>
    private sealed class BarReporter(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        private Smoothed _loss;

        public void Report(TrainingProgress value)
        {
            double loss = _loss.Add(value.MetaLoss);
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}  loss {loss:F3}  {value.StepsPerSecond:F0} steps/s"));
            task.Value = value.Step;
        }
    }

    /// <summary>Writes a line at every tenth of the run (and at its end).</summary>
    private sealed class LineReporter(IAnsiConsole console, string title, int totalSteps) : IProgress<TrainingProgress>
    {
        private readonly int _every = Math.Max(1, totalSteps / 10);
        private Smoothed _loss;

        public void Report(TrainingProgress value)
        {
            double loss = _loss.Add(value.MetaLoss);
            if (value.Step % _every != 0 && value.Step != totalSteps) return;
            var eta = TimeSpan.FromSeconds((totalSteps - value.Step) / Math.Max(value.StepsPerSecond, 1e-9));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{title}: step {value.Step}/{totalSteps}  meta-loss {loss:F4}  {value.StepsPerSecond:F1} steps/s  ETA {eta:m\\:ss}"));
        }
    }
}
