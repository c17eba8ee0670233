using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary><c>train icl-gd</c>: linear self-attention meta-trained on in-context regression, against gradient descent.</summary>
internal static class IclGdCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("icl-gd",
            "Transformers learn in-context by gradient descent (von Oswald et al. 2023): meta-train K layers of linear self-attention by Adam on fresh linear regression tasks "
            + "(10 context points, x ~ U(-1, 1)^10, w ~ N(0, I)), and compare its query error and its predictions with K steps of gradient descent at the best learning rate "
            + "and with the paper's constructed weights.");
        var options = new IclGdOptions();
        options.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            var settings = options.Read(result);
            OutputFiles.Check([("--json", settings.Json), ("--plot", settings.Plot), .. settings.Layers.Select(k => ("--checkpoints", IclGdRun.CheckpointPath(settings, k)))]);
            return IclGdRun.Run(settings, environment);
        }));
        return command;
    }
}
