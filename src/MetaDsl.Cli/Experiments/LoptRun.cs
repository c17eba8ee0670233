using System.Diagnostics;
using System.Globalization;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Cli.Plotting;
using MetaDsl.Distributed;
using MetaDsl.Evolution;
using MetaDsl.LearnedOptimizers;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// <c>train lopt</c>'s pipeline: meta-train the optimizer network by PES, ES or truncated backprop on target training runs,
/// save it, then train held-out targets (as long, four times wider, five times longer) with it and with
/// Adam tuned on a grid, and report both.
/// </summary>
/// <typeparam name="TTarget">The learner meta-trained on.</typeparam>
/// <typeparam name="TWide">Its wider variant.</typeparam>
/// <typeparam name="TNet">The optimizer network.</typeparam>
internal static class LoptRun<TTarget, TWide, TNet>
    where TTarget : ILearner<TTarget>
    where TWide : ILearner<TWide>
    where TNet : ILearner<TNet>
{
    /// <summary>How many times longer the long held-out runs are.</summary>
    private const int Lengthening = 5;

    /// <summary>Training runs whose features the warm start imitates on.</summary>
    private const int ImitationRuns = 8;

    /// <summary>Adam steps of the warm start's fit.</summary>
    private const int ImitationSteps = 500;

    /// <summary>Runs the pipeline; returns the exit code.</summary>
    public static int Run(LoptTargetOf<TTarget, TWide> target, LoptSettings settings, CliEnvironment environment)
    {
        var console = environment.Console;
        var cluster = Cluster.Current;
        if (cluster.IsRoot) OutputFiles.Check([("--output", settings.Output), ("--json", settings.Json), ("--plot", settings.Plot)]);
        var tasks = target.OpenTasks(settings, console);
        int threads = Math.Min(settings.Threads, Environment.ProcessorCount);
        using var problem = new TargetTrainingProblem<TTarget, TNet, float>(tasks.MetaTraining, settings.Horizon, settings.LearningRate, target.LossCap, logLoss: true);
        var estimator = Estimator(problem, settings, threads);
        string name = settings.Estimator + (settings.Temporal ? "-temporal" : "");
        var phi = new float[TNet.Info.ParameterCount];
        var adam = new Adam<float>(phi.Length, (float)settings.OuterLearningRate);
        var metaLosses = new List<double>(settings.Steps);
        if (settings.Resume is { } from) Restore(from, name, settings, phi, adam, estimator, metaLosses, console);
        else
        {
            TNet.Initialize<float>(phi, settings.Seed);
            if (!settings.FromScratch)
            {
                double error = AdamImitation<TTarget, TNet, float>.Fit(phi, tasks.MetaTraining(), ImitationRuns, settings.Horizon, settings.LearningRate, ImitationSteps, 3e-3, unchecked((ulong)settings.Seed));
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"Warm start: {TNet.Info.Name} fitted to step along Adam's direction on features of {ImitationRuns} training runs (squared error {error:G3}).")));
            }
        }
        console.MarkupLine(Markup.Escape(
            $"Meta-training {TNet.Info.Name} ({phi.Length} parameters) by {name}: {settings.Steps} estimates × {2 * settings.Pairs} particles × {settings.Truncation} steps, "
            + $"on {TTarget.Info.Name} ({TTarget.Info.ParameterCount} parameters) trained for {settings.Horizon} steps on {tasks.Description}; {threads} thread(s){Ranks(cluster)}."));

        // Collective: every rank gives its particles to the capture; rank 0 writes.
        void Save()
        {
            var population = estimator.CaptureState();
            if (!cluster.IsRoot) return;
            PopulationCheckpoint.Save(settings.Output, TNet.Info, name, new PopulationTrainingState<float>
            {
                Parameters = phi,
                Optimizer = adam.CaptureState(),
                Losses = [.. metaLosses],
                Population = population,
                Seed = settings.Seed,
                RunSettings = settings.Recorded,
            });
        }
        bool stopped = ProgressView.Run(environment, name, settings.Steps, progress => MetaTrain(estimator, adam, phi, settings, metaLosses, Save, progress, environment.Cancellation));
        Save();
        // Every rank holds the same phi; rank 0 has written it and alone goes on to the comparison.
        // A non-root rank ends cleanly even when stopped: an exit code would abort the job before rank 0 has saved.
        if (!cluster.IsRoot) return 0;
        console.MarkupLine($"Saved [bold]{Markup.Escape(settings.Output)}[/] after {metaLosses.Count} estimates.");
        if (stopped)
        {
            console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} during meta-training; '{settings.Output}' holds the optimizer so far. The comparison was skipped; "
                + $"to go on: metadsl train lopt --resume {settings.Output}"));
            return environment.Stop.ExitCode;
        }

        return Compare(target, settings, tasks, phi, metaLosses, threads, name, $"'{settings.Output}' is complete and loads.", environment);
    }

    /// <summary>
    /// <c>evaluate</c> of a checkpoint written by <c>train lopt</c>: the comparison with tuned Adam again, for the
    /// optimizer the checkpoint holds (<see cref="LoptSettings.Resume"/>) and the settings it recorded; returns the exit code.
    /// </summary>
    public static int Evaluate(LoptTargetOf<TTarget, TWide> target, LoptSettings settings, CliEnvironment environment)
    {
        string name = settings.Estimator + (settings.Temporal ? "-temporal" : "");
        var saved = PopulationCheckpoint.Load<float>(settings.Resume!, TNet.Info, name);
        environment.Console.MarkupLine(Markup.Escape($"The optimizer of '{settings.Resume}' after {saved.Losses.Length} of {settings.Steps} estimates ({name} on {target.Name})."));
        var tasks = target.OpenTasks(settings, environment.Console);
        return Compare(target, settings, tasks, saved.Parameters, saved.Losses, Math.Min(settings.Threads, Environment.ProcessorCount), name, null, environment);
    }

    /// <summary>Trains held-out targets (as long, wider, longer) with the optimizer <paramref name="phi"/> and with tuned Adam, and reports; returns the exit code.</summary>
    /// <param name="safe">What a stop during the comparison leaves intact, for its message; null when nothing was written.</param>
    private static int Compare(LoptTargetOf<TTarget, TWide> target, LoptSettings settings, LoptTasks tasks, float[] phi, IReadOnlyList<double> metaLosses, int threads, string name, string? safe, CliEnvironment environment)
    {
        var console = environment.Console;
        var heldOut = Draw(tasks.HeldOut, settings.EvaluationTasks, Experiment.EvaluationSeed(settings.Seed));
        var tuning = Draw(tasks.MetaTraining(), settings.EvaluationTasks, unchecked(settings.Seed + 2_000_029));
        var rows = new List<LoptComparisonRow>();
        try
        {
            int runs = 3 * LoptComparison<TNet>.RunsPerSetting(heldOut.Length, tuning.Length);
            ProgressView.RunCounted(environment, "held-out training runs", runs, progress =>
            {
                var comparison = new LoptComparison<TNet>(phi, settings.LearningRate, heldOut, tuning, threads, progress, environment.Cancellation);
                rows.Add(comparison.Compare<TTarget>("held-out tasks", settings.Horizon));
                rows.Add(comparison.Compare<TWide>($"{target.Widening}x wider", settings.Horizon));
                rows.Add(comparison.Compare<TTarget>($"{Lengthening}x longer", Lengthening * settings.Horizon));
                return rows;
            });
        }
        catch (OperationCanceledException) when (environment.Stop.Requested)
        {
            console.MarkupLine(Markup.Escape($"Stopped by {environment.Stop.Describe()} during the comparison." + (safe is null ? "" : $" {safe}")));
            return environment.Stop.ExitCode;
        }
        LoptReport.Write(console, rows, target.LossName, name);
        if (settings.Json is { } json)
        {
            LoptReport.WriteJson(json, rows, metaLosses);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(json)}[/].");
        }
        if (settings.Plot is { } plot)
        {
            LoptFigure.Write(plot, rows, metaLosses, target.LossName, name);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(plot)}[/].");
        }
        return 0;
    }

    /// <summary>
    /// The meta-gradient estimator: PES or truncated ES over 2 × <c>--pairs</c> particles, or exact truncated
    /// backprop averaged over as many.
    /// </summary>
    private static IPopulationEstimator<float> Estimator(TargetTrainingProblem<TTarget, TNet, float> problem, LoptSettings settings, int threads)
    {
        ulong seed = unchecked((ulong)settings.Seed);
        if (settings.Estimator == "tbptt")
            return new TruncatedBackpropEstimator<TTarget, TNet, float>(problem, 2 * settings.Pairs, settings.Truncation, seed, threads);
        return new EvolutionStrategies<float>(problem, new EvolutionOptions
        {
            Pairs = settings.Pairs,
            Sigma = settings.Sigma,
            TruncationLength = settings.Truncation,
            Estimator = settings.Estimator == "es" ? EvolutionEstimator.Truncated : EvolutionEstimator.Persistent,
            Shaping = FitnessShaping.None,
            Seed = seed,
            Threads = threads,
        });
    }

    /// <summary>Loads the meta-training saved in <paramref name="checkpoint"/> into the optimizer network, Adam, the estimator and the loss curve.</summary>
    /// <exception cref="UsageException"><c>--steps</c> is below the estimates already made.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is malformed, or its population does not fit this estimator.</exception>
    private static void Restore(string checkpoint, string name, LoptSettings settings, float[] phi, Adam<float> adam, IPopulationEstimator<float> estimator, List<double> losses, IAnsiConsole console)
    {
        var saved = PopulationCheckpoint.Load<float>(checkpoint, TNet.Info, name);
        if (saved.Losses.Length > settings.Steps)
            throw new UsageException($"--steps {settings.Steps} is fewer than the {saved.Losses.Length} estimates '{checkpoint}' has already made; give --steps {saved.Losses.Length} or more.");
        try
        {
            estimator.RestoreState(saved.Population);
            adam.RestoreState(saved.Optimizer);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint '{checkpoint}': {e.Message}", e);
        }
        saved.Parameters.CopyTo(phi, 0);
        losses.AddRange(saved.Losses);
        console.MarkupLine(Markup.Escape($"Resuming '{checkpoint}' at estimate {saved.Losses.Length} of {settings.Steps}."));
    }

    /// <summary>Estimates (clipped with <c>--clip</c>) and Adam steps until done or stopped, saving every <c>--checkpoint-every</c> estimates; true when stopped.</summary>
    private static bool MetaTrain(IPopulationEstimator<float> estimator, Adam<float> adam, float[] phi, LoptSettings settings, List<double> losses, Action save, IProgress<TrainingProgress> progress, CancellationToken cancellation)
    {
        var gradient = new float[phi.Length];
        var clock = Stopwatch.StartNew();
        int first = losses.Count + 1;
        for (int step = first; step <= settings.Steps; step++)
        {
            // Every rank stops at the same estimate, since each one's estimate needs all the others.
            if (Cluster.Current.Any(cancellation.IsCancellationRequested)) return true;
            losses.Add(estimator.Estimate(phi, gradient));
            if (settings.Clip is { } clip) GradientClipping.ClipByNorm(gradient, (float)clip);
            adam.Step(phi, gradient);
            if (settings.CheckpointEvery is { } every && step % every == 0 && step < settings.Steps) save();
            progress.Report(new TrainingProgress(step, settings.Steps, losses[^1], (step - first + 1) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed));
        }
        return false;
    }

    /// <summary>", on each of N MPI ranks, …" under mpirun.</summary>
    private static string Ranks(Cluster cluster) => cluster.Size > 1 ? $" on each of {cluster.Size} MPI ranks, the population split across them" : "";

    /// <summary>Draws <paramref name="count"/> tasks, task t from its own stream of <paramref name="seed"/>.</summary>
    private static MetaTask<float>[] Draw(ITaskSampler<float> sampler, int count, int seed)
    {
        var tasks = new MetaTask<float>[count];
        for (int t = 0; t < count; t++)
        {
            tasks[t] = sampler.Allocate();
            var rng = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)t));
            sampler.Sample(ref rng, tasks[t]);
        }
        return tasks;
    }
}
