using System.CommandLine;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;
using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary><c>evaluate CHECKPOINT</c>: re-evaluates a saved checkpoint; its metadata names the learner and the algorithm.</summary>
internal static class EvaluateCommand
{
    /// <summary>Builds <c>evaluate</c>.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var positional = new Argument<string?>("CHECKPOINT") { Description = "The checkpoint to evaluate (safetensors written by train).", Arity = ArgumentArity.ZeroOrOne };
        var checkpoint = CliOptions.File("--checkpoint", "The checkpoint, as an option (the same as CHECKPOINT).");
        var shots = CliOptions.Counts("--eval-shots", "Support shots at evaluation (default: the experiment's).", [], 1);
        var tasks = CliOptions.Count("--eval-tasks", "Held-out tasks.", 600, 2);
        var learningRate = CliOptions.OptionalPositive("--inner-lr", "Fine-tuning step size alpha (Meta-SGD uses its learned ones). Default: the experiment's training default (sine 0.01, gaussian 0.5, omniglot 0.4).");
        var json = CliOptions.File("--json", "Also write the result rows to this JSON file.");
        var device = CliOptions.Choice("--device",
            "Where the held-out tasks adapt: cpu (SIMD), cuda (GPU 0, one launch of the learner's generated kernels per step) or ilgpu-cpu (the same kernels on ILGPU's CPU accelerator, slow: for checking); every method's fine-tuning steps run there, the query sets are scored on the CPU.",
            ["cpu", "cuda", "ilgpu-cpu"], "cpu");
        // Checkpoints record the learner, algorithm, step and seed only, so an image checkpoint's folder must be given again.
        var data = new DataOptions(
            "The image folder an omniglot checkpoint was trained on (required for omniglot checkpoints, which do not record it; ignored for others). The checkpoint's seed re-makes the same split.",
            "For omniglot checkpoints trained with --no-rotations: evaluate without rotated classes too.");
        var command = new Command("evaluate", "Re-evaluate a saved checkpoint on the held-out tasks of its run.") { positional, checkpoint, shots, tasks, learningRate, json, device };
        data.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            string path = Checkpoint(result.GetValue(positional), result.GetValue(checkpoint));
            // An absent --eval-shots is empty: fall back to the experiment's default then.
            var evaluationShots = result.GetValue(shots) is { Length: > 0 } given ? given : null;
            var settings = new EvaluateSettings(path, evaluationShots, result.GetValue(tasks), result.GetValue(learningRate), result.GetValue(json), data.Read(result), result.GetValue(device)!);
            OutputFiles.Check([("--json", settings.Json)], ("CHECKPOINT", path));
            if (LearnedOptimizer(path))
                return EvaluateLearnedOptimizer(settings, result.GetResult(tasks) is { Implicit: false }, environment);
            return Run(settings, environment);
        }));
        return command;
    }

    private static string Checkpoint(string? positional, string? option) => (positional, option) switch
    {
        (null, null) => throw new UsageException("evaluate needs the checkpoint: metadsl evaluate CHECKPOINT (or --checkpoint FILE)."),
        ({ } p, { } o) when p != o => throw new UsageException($"CHECKPOINT '{p}' and --checkpoint '{o}' differ; give one."),
        _ => positional ?? option!,
    };

    /// <summary>True when <paramref name="path"/> holds a learned optimizer written by <c>train lopt</c>.</summary>
    private static bool LearnedOptimizer(string path) =>
        File.Exists(path) && SafetensorsReader.ReadHeader(path).Metadata.TryGetValue("learner", out var learner)
        && (learner == MetaDsl.Learners.MlpLearnedOptimizer.Info.Name || learner == MetaDsl.Learners.TemporalMlpLearnedOptimizer.Info.Name);

    /// <summary>
    /// A learned optimizer's checkpoint: its comparison with tuned Adam on held-out targets again, with the settings the
    /// run recorded (<c>--eval-tasks</c> and <c>--data</c> replace them where given).
    /// </summary>
    private static int EvaluateLearnedOptimizer(EvaluateSettings settings, bool tasksGiven, CliEnvironment environment)
    {
        var lopt = new LoptOptions().Recorded(settings.Checkpoint, tasksGiven ? settings.EvaluationTasks : null, settings.Data.Folder, settings.Json);
        if (settings.EvaluationShots is not null || settings.InnerLearningRate is not null)
            environment.Console.MarkupLine("[grey]Note: --eval-shots and --inner-lr do not apply to a learned optimizer; ignored.[/]");
        return LoptTargets.Find(lopt.Target).Evaluate(lopt, environment);
    }

    private static int Run(EvaluateSettings settings, CliEnvironment environment)
    {
        if (!File.Exists(settings.Checkpoint)) throw new FileNotFoundException($"Checkpoint '{settings.Checkpoint}' does not exist.");
        // The metadata picks the experiment and the layout; Checkpoint.Load then validates the whole file against that layout.
        var metadata = SafetensorsReader.ReadHeader(settings.Checkpoint).Metadata;
        string learner = metadata.TryGetValue("learner", out var l) ? l : throw new InvalidDataException($"'{settings.Checkpoint}' is not a MetaDsl checkpoint: its metadata names no learner.");
        string algorithm = metadata.TryGetValue("algorithm", out var a) ? a : throw new InvalidDataException($"Checkpoint '{settings.Checkpoint}' names no algorithm in its metadata.");
        var experiment = BuiltInExperiments.ForLearner(learner)
            ?? throw new InvalidDataException($"Checkpoint '{settings.Checkpoint}' is of learner '{learner}'; evaluate knows {string.Join(", ", BuiltInExperiments.All.Select(e => e.Learner))}.");
        Footprint.CheckEvaluation(experiment, settings.EvaluationShots ?? experiment.DefaultEvaluationShots, "--eval-shots");
        environment.Console.MarkupLine($"Evaluating [bold]{Markup.Escape(algorithm)}[/] on {Markup.Escape(learner)} from {Markup.Escape(settings.Checkpoint)}.");
        if (!experiment.ReadsData && settings.Data != DataSettings.Default)
            environment.Console.MarkupLine($"[grey]Note: --data and --no-rotations apply to omniglot checkpoints only; ignored for {Markup.Escape(learner)}.[/]");
        var rows = experiment.Evaluate(settings.Checkpoint, algorithm, settings, environment);
        experiment.Report(environment, rows);
        if (settings.Json is { } path)
        {
            Training.EvaluationJson.Write(path, rows);
            environment.Console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
        }
        return 0;
    }
}
