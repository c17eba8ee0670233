using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary><c>train gpicl</c>: a causal transformer meta-trained on pools of projected Fashion-MNIST tasks, from memorisation to in-context learning.</summary>
internal static class GpiclCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("gpicl",
            "General-purpose in-context learning (Kirsch et al. 2022): meta-train a small causal transformer on sequences of (x, previous label) whose tasks are random linear projections "
            + "of 8x8 Fashion-MNIST images with permuted labels, once per size of the pool of training tasks, and compare its accuracy on the training tasks with that on unseen tasks, "
            + "by position in the sequence.");
        var options = new GpiclOptions();
        options.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            var settings = options.Read(result);
            OutputFiles.Check([("--json", settings.Json), ("--plot", settings.Plot)]);
            return GpiclRun.Run(settings, environment);
        }));
        return command;
    }
}
