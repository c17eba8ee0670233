using System.CommandLine;
using MetaDsl.Cli.Experiments;
using MetaDsl.Training;
using static MetaDsl.Cli.Commands.RunRecord;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// The options of a <c>train</c> subcommand, with the experiment's defaults. A checkpoint records the
/// options that shape the run, so <c>--resume FILE</c> continues it with them: options that change the
/// trajectory (algorithm, sizes, step sizes, seed) must not be given with other values, the planned steps and
/// evaluation settings are taken unless given again, and threads and output files are free.
/// </summary>
internal sealed class TrainOptions
{
    private readonly Option<string> _algorithm;
    private readonly Option<int> _steps;
    private readonly Option<int> _metaBatch;
    private readonly Option<int> _innerSteps;
    private readonly Option<int> _bootstrapSteps;
    private readonly Option<string> _bootstrapMatching;
    private readonly Option<int[]> _querySteps;
    private readonly Option<double> _innerLearningRate;
    private readonly Option<double> _outerLearningRate;
    private readonly Option<double?> _clip;
    private readonly Option<int> _shots;
    private readonly Option<int[]> _evaluationShots;
    private readonly Option<int> _evaluationTasks;
    private readonly Option<int> _seed;
    private readonly Option<int> _threads;
    private readonly Option<string> _device;
    private readonly Option<string> _output;
    private readonly Option<string?> _plot;
    private readonly Option<string?> _json;
    private readonly Option<int?> _checkpointEvery;
    private readonly Option<string?> _resume;
    private readonly DataOptions? _data;
    private readonly RunRecord.Entry[] _fixed;
    private readonly RunRecord.Entry[] _carried;

    /// <summary>Creates the options with <paramref name="experiment"/>'s defaults.</summary>
    public TrainOptions(Experiment experiment)
    {
        _algorithm = CliOptions.Choice("--algorithm", "Meta-learning algorithm.", MetaAlgorithms.Names, "maml");
        _steps = CliOptions.Count("--steps", "Outer (meta) steps; the baseline trains as many. With --resume: the total to reach.", experiment.DefaultSteps, 1);
        _metaBatch = CliOptions.Count("--meta-batch", "Tasks per outer step.", experiment.DefaultMetaBatch, 1);
        _innerSteps = CliOptions.Count("--inner-steps", "Inner gradient steps per task while meta-training.", experiment.DefaultInnerSteps, 1);
        _bootstrapSteps = CliOptions.Count("--bootstrap-steps", "bmg only: inner steps beyond --inner-steps (then one query-loss step) to the bootstrapped target the adapted parameters are matched to.", 4, 0, 10_000);
        _bootstrapMatching = CliOptions.Choice("--bootstrap-matching", "bmg only: the matching loss to the target, squared (distance of the parameters) or kl (of the classes' probabilities on the query images; classification only).", ["squared", "kl"], "squared");
        _querySteps = CliOptions.Counts("--query-steps",
            $"Inner steps after which the query loss counts (MAML++'s multi-step loss; {MetaAlgorithms.Listing(a => a.TakesQueryLossWeights)}); a step listed twice weighs twice. Default for {MetaAlgorithms.Listing(a => a.TakesQueryLossWeights)}: " +
            (experiment.DefaultQuerySteps.Length == 0
                ? "the last step only."
                : $"{string.Join(" ", experiment.DefaultQuerySteps)} with the default {experiment.DefaultInnerSteps} inner steps, the last step only with others."),
            [], 0);
        _innerLearningRate = CliOptions.Positive("--inner-lr", "Inner step size alpha (also the fine-tuning step size at evaluation).", experiment.DefaultInnerLearningRate);
        _outerLearningRate = CliOptions.Positive("--outer-lr", "Adam's outer step size.", 1e-3);
        _clip = CliOptions.OptionalPositive("--clip", "Clip each meta-gradient to this Euclidean norm (off by default).");
        _shots = CliOptions.Count("--shots", experiment.ShotsDescription + " while training.", experiment.DefaultShots, 1);
        _evaluationShots = CliOptions.Counts("--eval-shots", experiment.ShotsDescription + " at evaluation (one or more).", experiment.DefaultEvaluationShots, 1);
        _evaluationTasks = CliOptions.Count("--eval-tasks", "Held-out tasks per evaluation.", 600, 2);
        _seed = CliOptions.Integer("--seed", "Seeds initialization and task sampling (held-out tasks use a separate stream).", 0);
        _threads = CliOptions.Count("--threads",
            "Threads per meta-batch, at most the cores and the meta-batch's tasks (more are capped, with a note); results are bit-identical for any thread count.",
            Environment.ProcessorCount, 1);
        _device = CliOptions.Choice("--device",
            $"Where {MetaAlgorithms.Listing(a => a.RunsOnAccelerators)} compute meta-gradients: cpu (SIMD), cuda (GPU 0, through the learner's generated ILGPU kernels) or ilgpu-cpu (the same kernels on ILGPU's CPU accelerator, slow: for checking).",
            ["cpu", "cuda", "ilgpu-cpu"], "cpu");
        _output = CliOptions.File("--output", "Checkpoint to write (safetensors), with the training state --resume needs.", experiment.DefaultOutput);
        _plot = CliOptions.File("--plot", "Also draw MAML's Figure 2 and the meta-loss curve into this SVG file.");
        _json = CliOptions.File("--json", "Also write the result rows to this JSON file.");
        _checkpointEvery = CliOptions.OptionalCount("--checkpoint-every", "Also save the checkpoint every N meta-steps (atomically), so a killed run loses at most N steps.", 1);
        _resume = CliOptions.File("--resume", "Continue the run saved in this checkpoint, with its settings, exactly as if it had not stopped.");
        if (experiment.ReadsData)
            _data = new DataOptions(
                "Required. The image folder, in Omniglot's layout DIR/alphabet/character/*.png (e.g. Omniglot's images_background or images_evaluation unzipped); its characters are split into meta-train, validation and test classes, seeded by --seed.",
                "Do not add each character turned by 90°, 180° and 270° as three extra classes (on by default, as in Santoro et al. 2016 and MAML).");

        _fixed =
        [
            new(_algorithm, r => r.GetValue(_algorithm)!),
            new(_metaBatch, r => Text(r.GetValue(_metaBatch))),
            new(_innerSteps, r => Text(r.GetValue(_innerSteps))),
            new(_bootstrapSteps, r => Text(r.GetValue(_bootstrapSteps))),
            new(_bootstrapMatching, r => r.GetValue(_bootstrapMatching)!),
            new(_querySteps, r => Text(r.GetValue(_querySteps))),
            new(_innerLearningRate, r => Text(r.GetValue(_innerLearningRate))),
            new(_outerLearningRate, r => Text(r.GetValue(_outerLearningRate))),
            new(_clip, r => r.GetValue(_clip) is { } clip ? Text(clip) : ""),
            new(_shots, r => Text(r.GetValue(_shots))),
            new(_seed, r => Text(r.GetValue(_seed))),
            .. _data is null ? [] : new RunRecord.Entry[] { new(_data.NoRotations, r => Text(r.GetValue(_data.NoRotations))) },
        ];
        _carried =
        [
            new(_steps, r => Text(r.GetValue(_steps))),
            new(_evaluationShots, r => Text(r.GetValue(_evaluationShots))),
            new(_evaluationTasks, r => Text(r.GetValue(_evaluationTasks))),
            new(_checkpointEvery, r => r.GetValue(_checkpointEvery) is { } every ? Text(every) : ""),
        ];
    }

    /// <summary>Adds the options to <paramref name="command"/>; <c>--plot</c> only when the experiment can draw, <c>--data</c> only when it reads images.</summary>
    public void AddTo(Command command, bool plot)
    {
        Option[] options = [_algorithm, _steps, _metaBatch, _innerSteps, _bootstrapSteps, _bootstrapMatching, _querySteps, _innerLearningRate, _outerLearningRate, _clip, _shots, _evaluationShots, _evaluationTasks, _seed, _threads, _device, _output, _json, _checkpointEvery, _resume];
        foreach (var option in options) command.Add(option);
        if (plot) command.Add(_plot);
        _data?.AddTo(command);
    }

    /// <summary>
    /// Reads the parsed values; with <c>--resume</c>, merges in the options the checkpoint recorded.
    /// <paramref name="command"/> is the subcommand that parsed them.
    /// </summary>
    /// <exception cref="UsageException">An option that shapes the run is given with another value than the checkpoint's.</exception>
    /// <exception cref="InvalidDataException">The checkpoint to resume is malformed or records no run.</exception>
    public TrainSettings Read(ParseResult result, Command command) =>
        result.GetValue(_resume) is { } resume ? Values(RunRecord.Merge(result, command, _fixed, resume)) : Values(result);

    private TrainSettings Values(ParseResult result)
    {
        var recorded = RunRecord.Metadata(result, _fixed.Concat(_carried));
        return new TrainSettings(
            MetaAlgorithms.Find(result.GetValue(_algorithm)!),
            result.GetValue(_steps),
            result.GetValue(_metaBatch),
            result.GetValue(_innerSteps),
            result.GetValue(_bootstrapSteps),
            result.GetValue(_bootstrapMatching) == "kl" ? MetaDsl.Meta.BootstrapMatching.KullbackLeibler : MetaDsl.Meta.BootstrapMatching.SquaredDistance,
            result.GetValue(_querySteps) ?? [],
            result.GetValue(_innerLearningRate),
            result.GetValue(_outerLearningRate),
            result.GetValue(_clip),
            result.GetValue(_shots),
            result.GetValue(_evaluationShots) ?? [],
            result.GetValue(_evaluationTasks),
            result.GetValue(_seed),
            result.GetValue(_threads),
            result.GetValue(_device)!,
            result.GetValue(_output) ?? "",
            result.GetValue(_plot),
            result.GetValue(_json),
            result.GetValue(_checkpointEvery),
            result.GetValue(_resume),
            _data?.Read(result) ?? DataSettings.Default,
            recorded);
    }
}
