using System.CommandLine;
using MetaDsl.Cli.Experiments;
using static MetaDsl.Cli.Commands.RunRecord;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// The options of <c>train lopt</c>. A checkpoint records those that shape the run, so <c>--resume FILE</c>
/// continues it with them (see <see cref="RunRecord"/>).
/// </summary>
internal sealed class LoptOptions
{
    private readonly Option<string> _target;
    private readonly Option<string> _estimator;
    private readonly Option<bool> _temporal;
    private readonly Option<bool> _fromScratch;
    private readonly Option<int> _steps;
    private readonly Option<int> _pairs;
    private readonly Option<double> _sigma;
    private readonly Option<int> _truncation;
    private readonly Option<int?> _horizon;
    private readonly Option<double> _learningRate;
    private readonly Option<double> _outerLearningRate;
    private readonly Option<double?> _clip;
    private readonly Option<int> _evaluationTasks;
    private readonly Option<int> _seed;
    private readonly Option<int> _threads;
    private readonly Option<string?> _output;
    private readonly Option<int?> _checkpointEvery;
    private readonly Option<string?> _plot;
    private readonly Option<string?> _json;
    private readonly Option<string?> _data;
    private readonly Option<string?> _resume;
    private readonly RunRecord.Entry[] _fixed;
    private readonly RunRecord.Entry[] _carried;

    /// <summary>Creates the options with the targets' defaults.</summary>
    public LoptOptions()
    {
        _target = CliOptions.Choice("--target", "The target meta-trained on: sine (SineTarget on one sinusoid each) or fashion (FashionMlp on 8x8 Fashion-MNIST subsets).",
            LoptTargets.All.Select(t => t.Name).ToList(), LoptTargets.All[0].Name);
        _estimator = CliOptions.Choice("--estimator", "The meta-gradient estimator: pes (persistent ES, unbiased over truncations), es (antithetic truncated ES) or tbptt (exact truncated backprop through the unrolled training, averaged over 2 x --pairs particles; --sigma unused).", ["pes", "es", "tbptt"], "pes");
        _temporal = CliOptions.Switch("--temporal", "Meta-train the temporally-aware optimizer, which also sees the fraction of the training run done.");
        _fromScratch = CliOptions.Switch("--from-scratch", "Start evolution from a freshly initialized optimizer, whose steps are near zero, instead of one first fitted to step along Adam's direction.");
        _steps = CliOptions.Count("--steps", "Meta-gradient estimates (each one truncation of every particle), each followed by an Adam step on the optimizer. With --resume: the total to reach.", 1000, 1);
        _pairs = CliOptions.Count("--pairs", "Antithetic pairs per estimate (the population is twice this).", 8, 1, 4096);
        _sigma = CliOptions.Positive("--sigma", "The standard deviation of the perturbations of the optimizer's parameters.", 0.01);
        _truncation = CliOptions.Count("--truncation", "Inner training steps per estimate.", 10, 1);
        _horizon = CliOptions.OptionalCount("--horizon", $"Steps of one meta-training run of a target (default: {string.Join(", ", LoptTargets.All.Select(t => $"{t.DefaultHorizon} for {t.Name}"))}); held-out runs are as long, and five times longer.", 1, 100_000);
        _learningRate = CliOptions.Positive("--lr", "The learned optimizer's step multiplier.", 0.01, 10);
        _outerLearningRate = CliOptions.Positive("--outer-lr", "Adam's step size on the optimizer's parameters.", 1e-3);
        _clip = CliOptions.OptionalPositive("--clip", "Clip each meta-gradient estimate to this Euclidean norm before Adam's step (off by default).");
        _evaluationTasks = CliOptions.Count("--eval-tasks", "Held-out targets per comparison; Adam's learning rate is tuned on as many other meta-training tasks.", 32, 2, 100_000);
        _seed = CliOptions.Integer("--seed", "Seeds the optimizer's initialization, the perturbations and every task.", 0);
        _threads = CliOptions.Count("--threads", "Threads that run population members (and held-out runs); results are the same for any thread count.", Environment.ProcessorCount, 1);
        _output = CliOptions.File("--output", "Checkpoint of the optimizer network to write (safetensors); default lopt-TARGET.safetensors.");
        _checkpointEvery = CliOptions.OptionalCount("--checkpoint-every", "Also save the optimizer every N estimates (atomically), so a killed run keeps the optimizer it had reached.", 1);
        _plot = CliOptions.File("--plot", "Also draw the loss curves of the learned optimizer and tuned Adam, and the meta-training curve, into this SVG file.");
        _json = CliOptions.File("--json", "Also write the comparison (with mean curves) to this JSON file.");
        _data = CliOptions.Folder("--data", $"The folder of Fashion-MNIST's four IDX files for --target fashion (default: {MetaDsl.Tasks.FashionMnist.DefaultFolder}, where scripts/get-fashion-mnist installs Debian's copy).");
        _resume = CliOptions.File("--resume", "Continue the meta-training saved in this checkpoint, with its settings, exactly as if it had not stopped.");

        _fixed =
        [
            new(_target, r => r.GetValue(_target)!),
            new(_estimator, r => r.GetValue(_estimator)!),
            new(_temporal, r => Text(r.GetValue(_temporal))),
            new(_fromScratch, r => Text(r.GetValue(_fromScratch))),
            new(_pairs, r => Text(r.GetValue(_pairs))),
            new(_sigma, r => Text(r.GetValue(_sigma))),
            new(_truncation, r => Text(r.GetValue(_truncation))),
            new(_horizon, r => r.GetValue(_horizon) is { } horizon ? Text(horizon) : ""),
            new(_learningRate, r => Text(r.GetValue(_learningRate))),
            new(_outerLearningRate, r => Text(r.GetValue(_outerLearningRate))),
            new(_clip, r => r.GetValue(_clip) is { } clip ? Text(clip) : ""),
            new(_seed, r => Text(r.GetValue(_seed))),
        ];
        _carried =
        [
            new(_steps, r => Text(r.GetValue(_steps))),
            new(_evaluationTasks, r => Text(r.GetValue(_evaluationTasks))),
            new(_checkpointEvery, r => r.GetValue(_checkpointEvery) is { } every ? Text(every) : ""),
            new(_data, r => r.GetValue(_data) ?? ""),
        ];
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] options = [_target, _estimator, _temporal, _fromScratch, _steps, _pairs, _sigma, _truncation, _horizon, _learningRate, _outerLearningRate, _clip, _evaluationTasks, _seed, _threads, _output, _checkpointEvery, _plot, _json, _data, _resume];
        foreach (var option in options) command.Add(option);
    }

    /// <summary>Reads the parsed values, filling the target's defaults; with <c>--resume</c>, merges in the options the checkpoint recorded.</summary>
    /// <exception cref="UsageException">An option that shapes the run is given with another value than the checkpoint's.</exception>
    /// <exception cref="InvalidDataException">The checkpoint to resume is malformed or records no run.</exception>
    public LoptSettings Read(ParseResult result, Command command) =>
        result.GetValue(_resume) is { } resume ? Values(RunRecord.Merge(result, command, _fixed, resume)) : Values(result);

    /// <summary>
    /// The settings <paramref name="checkpoint"/> recorded, for <c>evaluate</c> of it; <paramref name="evaluationTasks"/>,
    /// <paramref name="data"/> and <paramref name="json"/> replace the recorded ones where given.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint records no run of <c>train lopt</c>, or settings this version does not accept.</exception>
    public LoptSettings Recorded(string checkpoint, int? evaluationTasks, string? data, string? json)
    {
        var command = new Command("lopt");
        AddTo(command);
        List<string> args = ["--resume", checkpoint];
        if (evaluationTasks is { } tasks) args.AddRange(["--eval-tasks", Text(tasks)]);
        if (data is not null) args.AddRange(["--data", data]);
        if (json is not null) args.AddRange(["--json", json]);
        var given = command.Parse(args);
        if (given.Errors.Count > 0) throw new UsageException(given.Errors[0].Message);
        return Read(given, command);
    }

    private LoptSettings Values(ParseResult result)
    {
        var target = LoptTargets.Find(result.GetValue(_target)!);
        return new LoptSettings(
            target.Name,
            result.GetValue(_estimator)!,
            result.GetValue(_temporal),
            result.GetValue(_fromScratch),
            result.GetValue(_steps),
            result.GetValue(_pairs),
            result.GetValue(_sigma),
            result.GetValue(_truncation),
            result.GetValue(_horizon) ?? target.DefaultHorizon,
            result.GetValue(_learningRate),
            result.GetValue(_outerLearningRate),
            result.GetValue(_clip),
            result.GetValue(_evaluationTasks),
            result.GetValue(_seed),
            result.GetValue(_threads),
            result.GetValue(_output) ?? $"lopt-{target.Name}.safetensors",
            result.GetValue(_checkpointEvery),
            result.GetValue(_plot),
            result.GetValue(_json),
            result.GetValue(_data),
            result.GetValue(_resume),
            RunRecord.Metadata(result, _fixed.Concat(_carried)));
    }
}
