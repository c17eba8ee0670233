using System.Globalization;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Cli.Plotting;
using MetaDsl.InContext;
using MetaDsl.Learners;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// <c>train icl-gd</c>'s pipeline: for each layer count K, meta-train K layers of linear self-attention on
/// fresh regression tasks, and score it, the paper's constructed weights and K steps of gradient descent at
/// its best learning rate on the same held-out tasks; then report, and write the JSON and the figure.
/// </summary>
internal static class IclGdRun
{
    /// <summary>Tasks per gradient call: fixed, so that results do not depend on the thread count.</summary>
    public const int ChunkSize = 32;

    /// <summary>Runs the pipeline; returns the exit code.</summary>
    public static int Run(IclGdSettings settings, CliEnvironment environment)
    {
        var console = environment.Console;
        var heldOut = Tasks(settings.EvaluationTasks, Experiment.EvaluationSeed(settings.Seed));
        var tuning = Tasks(settings.EvaluationTasks, unchecked(settings.Seed + 2_000_029));
        int threads = ThreadLimit.Cap(settings.Threads, (settings.MetaBatch + ChunkSize - 1) / ChunkSize, console);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Linear regression in context: {RegressionTokens.Context} points x ~ U(-1, 1)^{RegressionTokens.Dimension}, w ~ N(0, I), y = w·x, then a query; "
            + $"{settings.Steps} Adam steps (lr {settings.OuterLearningRate:G3}, cosine decay to 0; gradient clipped to norm {settings.Clip:G3}) of {settings.MetaBatch} fresh tasks per layer count, {settings.EvaluationTasks} held-out tasks; {threads} thread(s).")));

        var results = new List<IclGdDepthResult>();
        foreach (int layers in settings.Layers)
        {
            var result = IclGdDepths.Find(layers).Run(settings, threads, heldOut, tuning, environment);
            if (result is null)
            {
                console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} while meta-training {layers} layer(s); nothing was written."));
                return environment.Stop.ExitCode;
            }
            results.Add(result);
        }

        IclGdReport.Write(console, results, ZeroMse(heldOut));
        if (settings.Json is { } json)
        {
            IclGdReport.WriteJson(json, results);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(json)}[/].");
        }
        if (settings.Plot is { } plot)
        {
            IclGdFigure.Write(plot, results);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(plot)}[/].");
        }
        return 0;
    }

    /// <summary><paramref name="count"/> tasks drawn from <paramref name="seed"/>'s stream.</summary>
    private static RegressionTaskSet<float> Tasks(int count, int seed)
    {
        var tasks = new RegressionTaskSet<float>(count, ChunkSize);
        var rng = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL));
        tasks.Sample(ref rng);
        return tasks;
    }

    /// <summary>The error of predicting 0 at every query: the scale the table's errors are read against.</summary>
    private static double ZeroMse(RegressionTaskSet<float> tasks)
    {
        double sum = 0;
        for (int t = 0; t < tasks.Count; t++) sum += (double)tasks.Target(t) * tasks.Target(t);
        return sum / tasks.Count;
    }
}
