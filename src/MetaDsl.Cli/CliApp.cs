using System.CommandLine;
using MetaDsl.Cli.Commands;

namespace MetaDsl.Cli;

/// <summary>The <c>metadsl</c> command line: <c>train sine</c>, <c>train gaussian</c>, <c>train omniglot</c>, <c>evaluate</c> and <c>bench</c>.</summary>
public static class CliApp
{
    /// <summary>Exit code of a run stopped by Ctrl+C (after its checkpoint was saved), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Exit code of a run that failed on bad input or data (parse errors exit with System.CommandLine's 1).</summary>
    public const int Failed = 2;

    /// <summary>Builds the command tree bound to <paramref name="environment"/>.</summary>
    public static RootCommand Build(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new RootCommand("MetaDsl: meta-train built-in learners, compare them with a pretrained baseline, and re-evaluate checkpoints.")
        {
            TrainCommand.Create(environment),
            EvaluateCommand.Create(environment),
            BenchCommand.Create(environment),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliEnvironment environment)
    {
        var parse = Build(environment).Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = environment.Output, Error = environment.Error });
    }
}
