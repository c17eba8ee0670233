using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Cli.Plotting;
using MetaDsl.Hyperparameters;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// <c>train hyper</c>'s pipeline: tune <see cref="DecayedFashionMlp"/>'s 2,368 per-weight decays online by hypergradients of the
/// validation loss, then train the same classifier for the same number of SGD steps with the untuned decay, with each
/// decay of a grid (one for every weight, the best picked on validation) and with the tuned decays from scratch, and
/// score every one on Fashion-MNIST's test split.
/// </summary>
internal static class HyperRun
{
    private const int Side = 8;

    /// <summary>The log decays of the global-decay grid (every weight the same).</summary>
    public static readonly double[] DecayGrid = [-10, -8, -6, -5, -4, -3, -2];

    private static string OnDevice(Device device) => device.IsAccelerator ? "; on " + device.Name : "";

    /// <summary>Runs the pipeline; returns the exit code.</summary>
    public static int Run(HyperSettings settings, CliEnvironment environment)
    {
        var console = environment.Console;
        var data = FashionMnist.Load(settings.Data, Side);
        if ((long)settings.TrainImages + settings.ValidationImages > data.Train.Count)
            throw new UsageException($"--train-images {settings.TrainImages} and --validation-images {settings.ValidationImages} need {settings.TrainImages + settings.ValidationImages} images; Fashion-MNIST's training split has {data.Train.Count}.");
        var order = Permutation(data.Train.Count, settings.Seed);
        var training = data.Train.Rows<float>(order.AsSpan(0, settings.TrainImages));
        var validation = data.Train.Rows<float>(order.AsSpan(settings.TrainImages, settings.ValidationImages));
        var test = data.Test.Rows<float>(Enumerable.Range(0, data.Test.Count).ToArray());
        console.MarkupLine(Markup.Escape($"Read Fashion-MNIST from '{settings.Data ?? FashionMnist.DefaultFolder}', shrunk to {Side}x{Side}: {settings.TrainImages:N0} training and {settings.ValidationImages:N0} validation images "
            + $"drawn from the training split, {data.Test.Count:N0} test images."));

        var info = DecayedFashionMlp.Info;
        var start = new float[info.ParameterCount];
        DecayedFashionMlp.Initialize<float>(start, settings.Seed);
        double initialLogDecay = start[info["LogDecay1"].Offset];
        var method = Method(settings.Hypergradient);
        using var device = TrainDevice.Open(settings.Device);
        var tuner = new HyperparameterTuner<DecayedFashionMlp, float>(new HyperparameterTunerOptions
        {
            Device = device,
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            HyperLearningRate = settings.HyperLearningRate,
            Method = method,
            Terms = settings.Terms,
            Maximum = MaximumLogDecay(settings.InnerLearningRate),
        });
        console.MarkupLine(Markup.Escape($"Tuning {info.MetaParameterCount:N0} log decays (one per weight, all {initialLogDecay} to start) of {info.Name} by {settings.Hypergradient} hypergradients: "
            + $"{settings.HyperSteps} hyper-steps of {settings.InnerSteps} SGD steps (lr {settings.InnerLearningRate.ToString(CultureInfo.InvariantCulture)})"
            + (method == HypergradientMethod.Unrolled ? "" : $" and {settings.Terms} Hessian-vector products")
            + $" each; log decays capped at {MaximumLogDecay(settings.InnerLearningRate).ToString("F2", CultureInfo.InvariantCulture)} so that SGD stays stable{OnDevice(device)}."));

        var theta = (float[])start.Clone();
        var tunedCurve = new List<double>(settings.HyperSteps);
        var clock = Stopwatch.StartNew();
        bool stopped = ProgressView.Run(environment, $"per-weight decays ({settings.Hypergradient})", settings.HyperSteps,
            progress => Tune(tuner, theta, training, validation, settings.HyperSteps, tunedCurve, progress, environment.Cancellation));
        double perStep = clock.Elapsed.TotalMilliseconds / Math.Max(1, tunedCurve.Count);
        Checkpoint.Save<float>(settings.Output, theta, info, $"hyper-{settings.Hypergradient}", tunedCurve.Count, settings.Seed);
        console.MarkupLine(Markup.Escape($"Saved '{settings.Output}' after {tunedCurve.Count} hyper-steps ({perStep.ToString("F1", CultureInfo.InvariantCulture)} ms each)."));
        if (stopped)
        {
            console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} while tuning; '{settings.Output}' holds the classifier and decays so far. The comparison was skipped."));
            return environment.Stop.ExitCode;
        }

        int sgdSteps = settings.HyperSteps * settings.InnerSteps;
        var rows = new List<HyperRow>();
        try
        {
            var baselines = ProgressView.RunCounted(environment, "baselines", DecayGrid.Length + 1, progress =>
            {
                var grid = new List<(double LogDecay, float[] Theta, double[] Curve)>();
                foreach (double logDecay in DecayGrid)
                {
                    var fixedTheta = WithDecays(start, _ => (float)logDecay);
                    grid.Add((logDecay, fixedTheta, Train(fixedTheta, training, validation, settings, environment.Cancellation)));
                    progress.Report(grid.Count);
                }
                var retrained = WithDecays(start, i => theta[i]);
                var retrainedCurve = Train(retrained, training, validation, settings, environment.Cancellation);
                progress.Report(grid.Count + 1);
                return (grid, retrained, retrainedCurve);
            });
            var untuned = baselines.grid.First(g => g.LogDecay == initialLogDecay);
            var best = baselines.grid.MinBy(g => g.Curve[^1]);
            rows.Add(Row("fixed-decay", $"exp({initialLogDecay}) for all, untuned", initialLogDecay, untuned.Theta, untuned.Curve, test));
            rows.Add(Row("grid-decay", $"exp({best.LogDecay}) for all, best of grid", best.LogDecay, best.Theta, best.Curve, test));
            rows.Add(Row($"per-weight-{settings.Hypergradient}", $"per weight, tuned ({settings.Hypergradient})", null, theta, [.. tunedCurve], test));
            rows.Add(Row("per-weight-retrained", "per weight, tuned, retrained", null, baselines.retrained, baselines.retrainedCurve, test));
        }
        catch (OperationCanceledException) when (environment.Stop.Requested)
        {
            console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} during the baselines; '{settings.Output}' is complete and loads."));
            return environment.Stop.ExitCode;
        }

        HyperReport.Write(console, rows, sgdSteps);
        if (settings.Json is { } json)
        {
            HyperReport.WriteJson(json, rows);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(json)}[/].");
        }
        if (settings.Plot is { } plot)
        {
            HyperFigure.Write(plot, rows, theta, settings.InnerSteps);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(plot)}[/].");
        }
        return 0;
    }

    /// <summary>
    /// The largest log decay: a decay d adds curvature 2d to the training loss, and SGD with step η follows curvature
    /// up to 2/η; capping d at 0.5/η keeps the decay's own share at half of that, so tuning cannot make training diverge.
    /// </summary>
    private static double MaximumLogDecay(double innerLearningRate) => Math.Log(0.5 / innerLearningRate);

    private static HypergradientMethod Method(string name) => name switch
    {
        "cg" => HypergradientMethod.ConjugateGradient,
        "unrolled" => HypergradientMethod.Unrolled,
        _ => HypergradientMethod.Neumann,
    };

    /// <summary>Hyper-steps until done or stopped; true when stopped.</summary>
    private static bool Tune(HyperparameterTuner<DecayedFashionMlp, float> tuner, float[] theta, Batch<float> training, Batch<float> validation, int steps,
        List<double> curve, IProgress<TrainingProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        for (int step = 1; step <= steps; step++)
        {
            if (cancellation.IsCancellationRequested) return true;
            curve.Add(tuner.Step(theta, training, validation));
            progress.Report(new TrainingProgress(step, steps, curve[^1], step / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed));
        }
        return false;
    }

    /// <summary>Trains <paramref name="theta"/>'s weights by as many SGD steps as the tuning took, its decays held; the validation loss after each hyper-step's worth.</summary>
    private static double[] Train(float[] theta, Batch<float> training, Batch<float> validation, HyperSettings settings, CancellationToken cancellation)
    {
        var gradient = new float[theta.Length];
        var curve = new double[settings.HyperSteps];
        float rate = (float)settings.InnerLearningRate;
        for (int h = 0; h < settings.HyperSteps; h++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int k = 0; k < settings.InnerSteps; k++)
            {
                DecayedFashionMlp.AdaptedGradient<float>(theta, training, gradient);
                TensorPrimitives.MultiplyAdd(gradient, -rate, theta, theta);
            }
            curve[h] = DecayedFashionMlp.MetaLoss<float>(theta, validation);
        }
        return curve;
    }

    /// <summary>A copy of <paramref name="start"/> whose meta entries (the log decays) are <paramref name="logDecay"/> of their index.</summary>
    private static float[] WithDecays(float[] start, Func<int, float> logDecay)
    {
        var theta = (float[])start.Clone();
        foreach (var p in DecayedFashionMlp.Info.Parameters.Where(p => p.IsMeta))
            for (int i = p.Offset; i < p.Offset + p.Size; i++) theta[i] = logDecay(i);
        return theta;
    }

    private static HyperRow Row(string method, string description, double? logDecay, float[] theta, double[] curve, Batch<float> test)
    {
        var (loss, lossCi, accuracy, accuracyCi) = TestScore(theta, test);
        return new HyperRow(method, description, logDecay, curve[^1], loss, lossCi, accuracy, accuracyCi, curve);
    }

    /// <summary>Mean test cross-entropy and accuracy, each with the half-width of its 95 % interval over the test images.</summary>
    private static (double Loss, double LossCi, double Accuracy, double AccuracyCi) TestScore(float[] theta, Batch<float> test)
    {
        int n = test[1].Data.Length, classes = FashionMnist.Classes;
        var logits = new float[n * classes];
        DecayedFashionMlp.Predict<float>(theta, new Batch<float>(test[0]), logits);
        var losses = new double[n];
        int right = 0;
        for (int i = 0; i < n; i++)
        {
            var row = logits.AsSpan(i * classes, classes);
            int label = (int)test[1].Data[i];
            double max = TensorPrimitives.Max<float>(row), sum = 0;
            foreach (float z in row) sum += Math.Exp(z - max);
            losses[i] = max + Math.Log(sum) - row[label];
            if (TensorPrimitives.IndexOfMax<float>(row) == label) right++;
        }
        double accuracy = (double)right / n, mean = losses.Average();
        double deviation = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / Math.Max(1, n - 1));
        return (mean, 1.96 * deviation / Math.Sqrt(n), accuracy, 1.96 * Math.Sqrt(accuracy * (1 - accuracy) / n));
    }

    /// <summary>A random order of 0 … <paramref name="count"/> − 1 (Fisher–Yates), fixed by <paramref name="seed"/>.</summary>
    private static int[] Permutation(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var rng = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5EED));
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
