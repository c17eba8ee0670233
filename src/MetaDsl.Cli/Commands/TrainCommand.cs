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
        foreach (var group in BuiltInExperiments.All.GroupBy(e => e.Name))
        {
            // Experiments sharing a name share defaults and options; --learner picks one (the first by default).
            var choices = group.ToList();
            var first = choices[0];
            var command = new Command(first.Name, first.Description);
            var options = new TrainOptions(first);
            options.AddTo(command, first.CanPlot);
            var learner = LearnerOption.For(choices);
            if (learner is not null) command.Add(learner.Option);
            command.SetAction(result => CommandGuard.Run(environment, () =>
            {
                var settings = options.Read(result, command);
                var experiment = learner?.Pick(result, settings.Resume) ?? first;
                if (!Distributed.Cluster.Current.IsRoot) settings = settings with { Plot = null, Json = null };
                OutputFiles.Check([("--output", settings.Output), ("--json", settings.Json), ("--plot", settings.Plot)]);
                return experiment.Train(settings, environment);
            }));
            train.Add(command);
        }
        train.Add(LoptCommand.Create(environment));
        train.Add(HyperCommand.Create(environment));
        train.Add(IclGdCommand.Create(environment));
        train.Add(GpiclCommand.Create(environment));
        return train;
    }
}
