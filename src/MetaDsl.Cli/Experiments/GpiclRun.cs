using System.Diagnostics;
using System.Globalization;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Cli.Plotting;
using MetaDsl.InContext;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// <c>train gpicl</c>'s pipeline: for each size of the pool of training tasks, meta-train <see cref="GpiclTransformer"/>
/// from scratch on sequences of that pool's tasks (training-split images), then score it by position on the
/// same tasks and on unseen ones (test-split images both); then report, and write the JSON and the figure.
/// </summary>
internal static class GpiclRun
{
    /// <summary>Sequences per gradient call: fixed, so that results do not depend on the thread count.</summary>
    public const int ChunkSize = 16;

    /// <summary>Runs the pipeline; returns the exit code.</summary>
    public static int Run(GpiclSettings settings, CliEnvironment environment)
    {
        var console = environment.Console;
        var data = FashionMnist.Load(settings.Data, GpiclTokens.Side);
        var scale = PixelStandardization.Of(data.Train);
        int threads = ThreadLimit.Cap(settings.Threads, (settings.MetaBatch + ChunkSize - 1) / ChunkSize, console);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Fashion-MNIST from '{settings.Data ?? FashionMnist.DefaultFolder}' at {GpiclTokens.Side}x{GpiclTokens.Side} ({data.Train.Count:N0} training, {data.Test.Count:N0} test images); "
            + $"sequences of {GpiclTokens.Length} tokens (A·x, previous label), A ~ N(0, 1/{GpiclTokens.Dimension}), labels permuted; {GpiclTransformer.Info.ParameterCount:N0} weights; "
            + $"{settings.Steps} Adam steps (lr {settings.OuterLearningRate:G3}, clip {settings.Clip:G3}) of {settings.MetaBatch} sequences per pool size; {threads} thread(s).")));

        var unseenPool = new ProjectionTaskPool(GpiclOptions.MaxTasks, GpiclTokens.Dimension, GpiclTokens.Classes, PoolSeed(settings.Seed, unseen: true));
        var unseen = Sequences(data.Test, unseenPool, scale, settings.EvaluationSequences, Experiment.EvaluationSeed(settings.Seed));
        var results = new List<GpiclPoolResult>();
        foreach (int tasks in settings.Tasks)
        {
            var pool = new ProjectionTaskPool(tasks, GpiclTokens.Dimension, GpiclTokens.Classes, PoolSeed(settings.Seed, unseen: false));
            var training = new ProjectedImageTasks<float>(data.Train, pool, scale, settings.MetaBatch, GpiclTokens.Length, ChunkSize);
            var trainer = new AttentionTrainer<GpiclTransformer, float>(training, settings.OuterLearningRate, threads, settings.Seed, settings.Clip);
            var losses = new double[settings.Steps];
            var clock = Stopwatch.StartNew();
            bool stopped = ProgressView.Run(environment, $"{tasks:N0} training task{(tasks == 1 ? "" : "s")}", settings.Steps,
                progress => trainer.Train(losses, progress, environment.Cancellation));
            if (stopped)
            {
                console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} while meta-training on {tasks:N0} task(s); nothing was written."));
                return environment.Stop.ExitCode;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var seen = Sequences(data.Test, pool, scale, settings.EvaluationSequences, Experiment.EvaluationSeed(settings.Seed));
            results.Add(new GpiclPoolResult(tasks,
                SequenceAccuracy.ByPosition<GpiclTransformer, float>(trainer.Theta, seen, threads),
                SequenceAccuracy.ByPosition<GpiclTransformer, float>(trainer.Theta, unseen, threads),
                losses, seconds));
        }

        GpiclReport.Write(console, results);
        if (settings.Json is { } json)
        {
            GpiclReport.WriteJson(json, results);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(json)}[/].");
        }
        if (settings.Plot is { } plot)
        {
            GpiclFigure.Write(plot, results);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(plot)}[/].");
        }
        return 0;
    }

    /// <summary>The seed of the training pools (one for every size, so a smaller pool's tasks are the first of a larger one's), or of the unseen tasks.</summary>
    private static ulong PoolSeed(int seed, bool unseen) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (unseen ? 0xA5A5A5A5UL : 0x5A5A5A5AUL));

    /// <summary><paramref name="count"/> sequences of <paramref name="pool"/>'s tasks over <paramref name="images"/>, drawn from <paramref name="seed"/>'s stream.</summary>
    private static ProjectedImageTasks<float> Sequences(LabelledImages images, ProjectionTaskPool pool, PixelStandardization scale, int count, int seed)
    {
        var sequences = new ProjectedImageTasks<float>(images, pool, scale, count, GpiclTokens.Length, ChunkSize);
        var rng = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL));
        sequences.Sample(ref rng);
        return sequences;
    }
}
