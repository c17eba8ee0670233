using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary><c>train NAME</c>: one subcommand per built-in experiment.</summary>
internal static class TrainCommand
{
    /// <summary>Builds <c>train</c> and its subcommands.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var train = new Command("train", "Meta-train a built-in learner, train the pretrained baseline, and compare them on held-out tasks.");
        foreach (var experiment in BuiltInExperiments.All)
        {
            var command = new Command(experiment.Name, experiment.Description);
            var options = new TrainOptions(experiment);
            options.AddTo(command, experiment.CanPlot);
            command.SetAction(result => CommandGuard.Run(environment, () =>
            {
                var settings = options.Read(result, command);
                if (!Distributed.Cluster.Current.IsRoot) settings = settings with { Plot = null, Json = null };
                OutputFiles.Check([("--output", settings.Output), ("--json", settings.Json), ("--plot", settings.Plot)]);
                return experiment.Train(settings, environment);
            }));
            train.Add(command);
        }
        return train;
    }
}
