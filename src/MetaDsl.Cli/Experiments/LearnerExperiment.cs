using MetaDsl.Checkpoints;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Tasks;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// The train / baseline / evaluate / report pipeline for one learner, in single precision (as in the
/// MAML paper); subclasses supply the task sampler, the reference numbers and any plot.
/// </summary>
/// <typeparam name="TLearner">The built-in learner.</typeparam>
internal abstract class LearnerExperiment<TLearner> : Experiment where TLearner : ILearner<TLearner>
{
    /// <inheritdoc/>
    public override string Learner => TLearner.Info.Name;

    /// <summary>True when the learner outputs class logits and accuracy is reported.</summary>
    protected abstract bool Classification { get; }

    /// <summary>What the table calls the query loss.</summary>
    protected abstract string LossName { get; }

    /// <summary>Published numbers to print beside ours, if any.</summary>
    protected virtual PaperReference? Paper => null;

    /// <summary>Makes a sampler of tasks with <paramref name="shots"/> support shots, for training or (with more query points) for evaluation.</summary>
    protected delegate ITaskSampler<float> SamplerFactory(int shots, bool evaluation);

    /// <summary>
    /// Prepares what a run's tasks are drawn from and returns its sampler factory; experiments that read
    /// <paramref name="data"/> load and check it here, splitting it by <paramref name="seed"/> (the run's),
    /// with notes to <paramref name="console"/>; a stop request (<paramref name="cancellationToken"/>) ends the loading.
    /// </summary>
    protected abstract SamplerFactory OpenTasks(DataSettings data, long seed, IAnsiConsole console, CancellationToken cancellationToken);

    /// <summary>Draws the run's figure; called only when <c>--plot</c> is given and <see cref="Experiment.CanPlot"/> is true.</summary>
    protected virtual void Plot(string path, IAdaptation<float> adaptation, float[] parameters, TrainingResult<float> training, TrainSettings settings) =>
        throw new NotSupportedException($"train {Name} draws no plot.");

    /// <summary>The query steps given, or for MAML without any and with the default inner steps, the experiment's default (the last step only otherwise).</summary>
    private int[] QuerySteps(TrainSettings settings)
        => settings.QuerySteps.Length > 0 || !settings.Algorithm.TakesQueryLossWeights || settings.InnerSteps != DefaultInnerSteps
            ? settings.QuerySteps
            : DefaultQuerySteps;

    /// <inheritdoc/>
    public override int Train(TrainSettings settings, CliEnvironment environment)
    {
        var console = environment.Console;
        int threads = ThreadLimit.Cap(settings.Threads, settings.MetaBatch, console);
        // Checked before the algorithm allocates its buffers.
        Footprint.CheckTraining(this, settings, threads, settings.Algorithm.MetaParameterCount(TLearner.Info));
        var querySteps = QuerySteps(settings);
        if (querySteps.FirstOrDefault(s => s > settings.InnerSteps, -1) is var beyond and >= 0)
            throw new UsageException($"--query-steps accepts inner steps from 0 to --inner-steps ({settings.InnerSteps}), got {beyond}.");
        if (querySteps.Length > 0 && !settings.Algorithm.TakesQueryLossWeights)
            throw new UsageException($"--query-steps is an option of {MetaAlgorithms.Listing(a => a.TakesQueryLossWeights)}; {settings.Algorithm.Name} does not take it.");
        if (settings.Algorithm.Unsuitable(TLearner.Info) is { } unsuitable)
            throw new UsageException($"{settings.Algorithm.Name} cannot meta-train {Learner}{(LearnerChoice is null ? "" : $" (--learner {LearnerChoice})")}: {unsuitable}");
        if (settings.BootstrapMatching == MetaDsl.Meta.BootstrapMatching.KullbackLeibler && !Classification)
            throw new UsageException($"--bootstrap-matching kl compares class probabilities, and train {Name} is a regression task; use squared.");
        if (settings.Algorithm.NeedsClassLabels && !Classification)
            throw new UsageException($"{settings.Algorithm.Name} classifies, and train {Name} is a regression task; use one of {MetaAlgorithms.Listing(a => !a.NeedsClassLabels)}.");
        var device = TrainDevice.Open(settings);
        var algorithm = settings.Algorithm.Create<TLearner, float>(new MetaAlgorithmSettings
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            BootstrapSteps = settings.BootstrapSteps,
            BootstrapMatching = settings.BootstrapMatching,
            Threads = threads,
            Device = device,
            QueryLossWeights = MetaAlgorithmSettings.EqualWeights(querySteps, settings.InnerSteps),
        });
        var resume = settings.Resume is { } from ? TrainingCheckpoint.Load<float>(from, algorithm) : null;
        if (resume is not null && resume.Step > settings.Steps)
            throw new UsageException($"--steps {settings.Steps} is fewer than the {resume.Step} steps '{settings.Resume}' has already taken; give --steps {resume.Step} or more.");
        MetaTrainerOptions Options(IProgress<TrainingProgress> progress, string? checkpoint) => new()
        {
            Steps = settings.Steps,
            MetaBatchSize = settings.MetaBatch,
            OuterLearningRate = settings.OuterLearningRate,
            MaxGradientNorm = settings.Clip,
            Seed = settings.Seed,
            CheckpointPath = checkpoint,
            CheckpointEvery = checkpoint is null ? null : settings.CheckpointEvery,
            RunSettings = settings.Recorded,
            Progress = progress,
        };

        // Every sampler is made before training starts, so bad data fails before a checkpoint is written.
        var tasks = OpenTasks(settings.Data, settings.Seed, console, environment.Cancellation);
        var training = tasks(settings.Shots, evaluation: false);
        var evaluators = settings.EvaluationShots.Select(shots => CreateEvaluator(tasks, shots, settings.EvaluationTasks, settings.Seed)).ToList();

        if (resume is not null)
            console.MarkupLine(Markup.Escape($"Resuming '{settings.Resume}' at step {resume.Step} of {settings.Steps}."));
        console.MarkupLine($"Meta-training [bold]{algorithm.Name}[/] on {Markup.Escape(Learner)} ({algorithm.Length} meta-parameters), {settings.Steps} steps × {settings.MetaBatch} tasks, {threads} thread(s){Ranks()}.");
        var meta = ProgressView.Run(environment, algorithm.Name, settings.Steps, progress =>
            new MetaTrainer<float>(algorithm, training, Options(progress, settings.Output)).Train(resume, environment.Cancellation));
        console.MarkupLine($"Saved [bold]{Markup.Escape(settings.Output)}[/] after {meta.Steps} steps.");
        if (meta.Cancelled) return Stopped(environment, "meta-training", settings);

        var (baseline, joint) = ProgressView.Run(environment, JointTrainer<TLearner, float>.Name, settings.Steps, progress =>
        {
            var trainer = new JointTrainer<TLearner, float>(training, Options(progress, null), settings.InnerLearningRate);
            return (trainer, trainer.Train(environment.Cancellation));
        });
        if (joint.Cancelled) return Stopped(environment, "baseline training", settings);

        var rows = new List<EvaluationRow>();
        try
        {
            foreach (var evaluator in evaluators)
            {
                rows.AddRange(evaluator.Evaluate(algorithm.Name, algorithm, meta.Parameters, environment.Cancellation));
                rows.AddRange(evaluator.Evaluate(JointTrainer<TLearner, float>.Name, baseline.Adaptation, joint.Parameters, environment.Cancellation));
            }
        }
        catch (OperationCanceledException) when (environment.Stop.Requested)
        {
            return Stopped(environment, "evaluation", settings);
        }
        Report(environment, rows);
        if (settings.Json is { } json) WriteJson(console, json, rows);
        if (settings.Plot is { } plot)
        {
            Plot(plot, algorithm, meta.Parameters, meta, settings);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(plot)}[/].");
        }
        return 0;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<EvaluationRow> Evaluate(string checkpoint, string algorithmName, EvaluateSettings settings, CliEnvironment environment)
    {
        double innerLearningRate = settings.InnerLearningRate ?? DefaultInnerLearningRate;
        IAdaptation<float> adaptation;
        IReadOnlyList<CheckpointParameter> layout;
        using var device = TrainDevice.Open(settings.Device);
        if (algorithmName == JointTrainer<TLearner, float>.Name)
        {
            adaptation = new SgdAdaptation<TLearner, float>(innerLearningRate, taskObjective: true, device);
            layout = CheckpointParameter.Of(TLearner.Info);
        }
        else if (MetaAlgorithms.TryFind(algorithmName, out var definition))
        {
            if (device.IsAccelerator && !definition.RunsOnAccelerators)
                throw new UsageException($"--device {settings.Device}: {definition.Name} runs on the CPU only (leave --device out).");
            var algorithm = definition.Create<TLearner, float>(new MetaAlgorithmSettings { InnerLearningRate = innerLearningRate, Device = device });
            adaptation = algorithm;
            layout = algorithm.Layout;
        }
        else
        {
            throw new InvalidDataException($"Checkpoint '{checkpoint}' was made by algorithm '{algorithmName}', which evaluate does not know; known: {string.Join(", ", MetaAlgorithms.Names)}, {JointTrainer<TLearner, float>.Name}.");
        }
        var parameters = new float[adaptation.Length];
        var metadata = Checkpoint.Load<float>(checkpoint, parameters, TLearner.Info.Name, layout);
        var tasks = OpenTasks(settings.Data, metadata.Seed, environment.Console, environment.Cancellation);
        var evaluators = (settings.EvaluationShots ?? DefaultEvaluationShots).Select(shots => CreateEvaluator(tasks, shots, settings.EvaluationTasks, metadata.Seed)).ToList();
        var rows = new List<EvaluationRow>();
        foreach (var evaluator in evaluators)
            rows.AddRange(evaluator.Evaluate(algorithmName, adaptation, parameters, environment.Cancellation));
        return rows;
    }

    /// <inheritdoc/>
    public override void Report(CliEnvironment environment, IReadOnlyList<EvaluationRow> rows) =>
        ResultTable.Write(environment.Console, rows, Paper, LossName);

    /// <summary>Writes the rows as JSON and says so.</summary>
    public static void WriteJson(IAnsiConsole console, string path, IReadOnlyList<EvaluationRow> rows)
    {
        EvaluationJson.Write(path, rows);
        console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
    }

    private Evaluator<TLearner, float> CreateEvaluator(SamplerFactory samplers, int shots, int tasks, long seed) =>
        new(samplers(shots, evaluation: true), new EvaluationOptions
        {
            Tasks = tasks,
            Shots = shots,
            Seed = EvaluationSeed(seed),
            Accuracy = Classification,
        });

    private int Stopped(CliEnvironment environment, string phase, TrainSettings settings)
    {
        environment.Console.MarkupLine(Markup.Escape(
            $"Stopped by {environment.Stop.Describe()} during {phase}; '{settings.Output}' is complete and loads. Evaluation skipped; " +
            $"to go on: metadsl train {Name} --resume {settings.Output}"));
        return environment.Stop.ExitCode;
    }

    /// <summary>", on N MPI ranks" under mpirun: the meta-batch's tasks are split across them.</summary>
    private static string Ranks() => Distributed.Cluster.Current.Size > 1 ? $" on each of {Distributed.Cluster.Current.Size} MPI ranks, tasks split across them" : "";
}
