using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary><c>train lopt</c>: meta-train a learned optimizer by evolution strategies or truncated backprop and compare it with tuned Adam.</summary>
internal static class LoptCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("lopt",
            "Learned optimizer (learned_optimization's per-parameter MLP): meta-train it by PES, ES or truncated backprop on target training runs, then train held-out, "
            + "4x wider and 5x longer targets with it and with Adam tuned on a learning-rate grid, and compare.");
        var options = new LoptOptions();
        options.AddTo(command);
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            var settings = options.Read(result, command);
            return LoptTargets.Find(settings.Target).Run(settings, environment);
        }));
        return command;
    }
}
