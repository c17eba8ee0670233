using System.CommandLine;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;
using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary><c>evaluate --checkpoint FILE</c>: re-evaluates a saved checkpoint; its metadata names the learner and the algorithm.</summary>
internal static class EvaluateCommand
{
    /// <summary>Builds <c>evaluate</c>.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "The checkpoint to evaluate (safetensors written by train).", Required = true };
        var shots = new Option<int[]?>("--eval-shots") { Description = "Support shots at evaluation (default: the experiment's).", AllowMultipleArgumentsPerToken = true };
        shots.Validators.Add(result =>
        {
            foreach (int value in result.GetValueOrDefault<int[]?>() ?? [])
                if (value < 1) result.AddError($"--eval-shots values must be at least 1, got {value}.");
        });
        var tasks = new Option<int>("--eval-tasks") { Description = "Held-out tasks.", DefaultValueFactory = _ => 600 }.AtLeast(2);
        var learningRate = new Option<double?>("--inner-lr") { Description = "Fine-tuning step size alpha (Meta-SGD uses its learned ones). Default: the experiment's training default (sine 0.01, gaussian 0.5, omniglot 0.4)." }.Positive();
        var json = new Option<string?>("--json") { Description = "Also write the result rows to this JSON file." };
        // Checkpoints record the learner, algorithm, step and seed only, so an image checkpoint's folder must be given again.
        var data = new DataOptions(
            "The image folder an omniglot checkpoint was trained on (required for omniglot checkpoints, which do not record it; ignored for others). The checkpoint's seed re-makes the same split.",
            "For omniglot checkpoints trained with --no-rotations: evaluate without rotated classes too.");
        var command = new Command("evaluate", "Re-evaluate a saved checkpoint on the held-out tasks of its run.") { checkpoint, shots, tasks, learningRate, json };
        data.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            // An absent --eval-shots parses as an empty array: fall back to the experiment's default then.
            var evaluationShots = result.GetValue(shots) is { Length: > 0 } given ? given : null;
            var settings = new EvaluateSettings(result.GetValue(checkpoint)!, evaluationShots, result.GetValue(tasks), result.GetValue(learningRate), result.GetValue(json), data.Read(result));
            CommandGuard.CheckWritable(settings.Json, "--json");
            return Run(settings, environment);
        }));
        return command;
    }

    private static int Run(EvaluateSettings settings, CliEnvironment environment)
    {
        if (!File.Exists(settings.Checkpoint)) throw new FileNotFoundException($"Checkpoint '{settings.Checkpoint}' does not exist.");
        // The metadata picks the experiment and the layout; Checkpoint.Load then validates the whole file against that layout.
        var metadata = SafetensorsReader.Read(settings.Checkpoint).Metadata;
        string learner = metadata.TryGetValue("learner", out var l) ? l : throw new InvalidDataException($"'{settings.Checkpoint}' is not a MetaDsl checkpoint: its metadata names no learner.");
        string algorithm = metadata.TryGetValue("algorithm", out var a) ? a : throw new InvalidDataException($"Checkpoint '{settings.Checkpoint}' names no algorithm in its metadata.");
        var experiment = BuiltInExperiments.ForLearner(learner)
            ?? throw new InvalidDataException($"Checkpoint '{settings.Checkpoint}' is of learner '{learner}'; evaluate knows {string.Join(", ", BuiltInExperiments.All.Select(e => e.Learner))}.");
        environment.Console.MarkupLine($"Evaluating [bold]{Markup.Escape(algorithm)}[/] on {Markup.Escape(learner)} from {Markup.Escape(settings.Checkpoint)}.");
        if (!experiment.ReadsData && settings.Data != DataSettings.Default)
            environment.Console.MarkupLine($"[grey]Note: --data and --no-rotations apply to omniglot checkpoints only; ignored for {Markup.Escape(learner)}.[/]");
        var rows = experiment.Evaluate(settings.Checkpoint, algorithm, settings, environment.Console);
        experiment.Report(environment, rows);
        if (settings.Json is { } path)
        {
            Training.EvaluationJson.Write(path, rows);
            environment.Console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
        }
        return 0;
    }
}
