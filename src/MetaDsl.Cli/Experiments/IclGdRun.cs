using System.Globalization;
using MetaDsl.Checkpoints;
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

    /// <summary>The algorithm a saved model records: meta-trained to adapt in context (no inner loop).</summary>
    public const string CheckpointAlgorithm = "in-context";

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
        foreach (var result in results)
            if (CheckpointPath(settings, result.Layers) is { } path)
            {
                SaveCheckpoint(path, settings, result);
                console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
            }
        return 0;
    }

    /// <summary>Where <c>--checkpoints</c> saves the model of <paramref name="layers"/> layers, or null without it.</summary>
    public static string? CheckpointPath(IclGdSettings settings, int layers) =>
        settings.Checkpoints is { } folder ? Path.Combine(folder, IclGdDepths.Find(layers).LearnerName + ".safetensors") : null;

    /// <summary>Saves one trained model with the settings that shaped it and its held-out error.</summary>
    private static void SaveCheckpoint(string path, IclGdSettings settings, IclGdDepthResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run.command"] = "train icl-gd",
            ["run.layers"] = result.Layers.ToString(invariant),
            ["run.meta-batch"] = settings.MetaBatch.ToString(invariant),
            ["run.outer-lr"] = settings.OuterLearningRate.ToString("R", invariant),
            ["run.clip"] = settings.Clip.ToString("R", invariant),
            ["run.eval-tasks"] = settings.EvaluationTasks.ToString(invariant),
            ["result.mse"] = result["lsa-trained"].Mse.ToString("R", invariant),
        };
        Checkpoint.Save<float>(path, result.Theta, CheckpointParameter.Of(result.Learner),
            new CheckpointMetadata(result.Learner.Name, CheckpointAlgorithm, settings.Steps, settings.Seed), [], recorded);
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
