using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary><c>train hyper</c>: tune one weight decay per weight of a Fashion-MNIST classifier by hypergradients and compare with untuned and grid-tuned global decays.</summary>
internal static class HyperCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("hyper",
            "Hyperparameter optimization by implicit differentiation (Lorraine et al. 2020): tune 2,368 weight decays, one per weight, of a 64-32-10 classifier "
            + "trained on a small Fashion-MNIST subset, on held-out validation images; compare on the test split with the untuned decay and with one decay tuned on a grid.");
        var options = new HyperOptions();
        options.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            var settings = options.Read(result);
            OutputFiles.Check([("--output", settings.Output), ("--json", settings.Json), ("--plot", settings.Plot)]);
            return HyperRun.Run(settings, environment);
        }));
        return command;
    }
}
