using System.CommandLine;
using MetaDsl.Cli.Commands;

namespace MetaDsl.Cli;

/// <summary>The <c>metadsl</c> command line: <c>train sine</c>, <c>train gaussian</c>, <c>train omniglot</c>, <c>evaluate</c>, <c>bench</c> and <c>data glyphs</c>.</summary>
public static class CliApp
{
    /// <summary>The command's name, as installed by <c>dotnet tool install</c> and shown in usage lines.</summary>
    public const string Name = "metadsl";

    /// <summary>Exit code of a malformed command line: an unknown command or option, a bad value, conflicting options, an output that cannot be written.</summary>
    public const int Usage = 1;

    /// <summary>Exit code of a run that failed on bad data (a corrupt checkpoint, an unreadable folder) or diverged.</summary>
    public const int Failed = 2;

    /// <summary>Exit code of a command stopped by Ctrl+C (SIGINT), as shells report it; training has saved its checkpoint.</summary>
    public const int Cancelled = 130;

    /// <summary>Exit code of a command stopped by SIGTERM, as shells report it; training has saved its checkpoint.</summary>
    public const int Terminated = 143;

    /// <summary>Builds the command tree bound to <paramref name="environment"/>.</summary>
    public static Command Build(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // A plain command rather than RootCommand, whose name is the executable's (MetaDsl.Cli, even when installed as metadsl).
        return new Command(Name, "MetaDsl: meta-train built-in learners, compare them with a pretrained baseline, and re-evaluate checkpoints.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            TrainCommand.Create(environment),
            EvaluateCommand.Create(environment),
            BenchCommand.Create(environment),
            DataCommand.Create(environment),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code. Parse errors print one line each and return <see cref="Usage"/>.</summary>
    public static int Run(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parse = Build(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', CommandPath(parse));
            var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
            // A mistyped command also leaves its parent without one; the mistyped name is the line that helps.
            if (messages.Count > 1) messages.Remove(MissingCommand);
            // Tokens after an unknown one are unknown because of it ('train sine --stpes 5' leaves '5'): the first is the mistake.
            var unrecognized = messages.Where(m => m.StartsWith(Unrecognized, StringComparison.Ordinal)).Skip(1).ToList();
            messages.RemoveAll(unrecognized.Contains);
            foreach (string message in messages)
                environment.Error.WriteLine($"error: {CommandGuard.OneLine(SwitchValue(parse, args, message) ?? message)} (see '{command} --help')");
            return Usage;
        }
        return parse.Invoke(new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            // StopSignal handles Ctrl+C and SIGTERM; System.CommandLine's own handler would end the process after a timeout.
            ProcessTerminationTimeout = null,
        });
    }

    /// <summary>System.CommandLine's error for a command that needs a subcommand and got none.</summary>
    private const string MissingCommand = "Required command was not provided.";

    /// <summary>The start of System.CommandLine's error for a token that fits no command, option or argument.</summary>
    private const string Unrecognized = "Unrecognized command or argument";

    /// <summary>
    /// A value given to a switch (<c>--no-rotations=maybe</c>) is left unmatched, and the parser's message would
    /// not name the switch: say which switch it followed and that it takes no value.
    /// </summary>
    private static string? SwitchValue(ParseResult parse, string[] args, string message)
    {
        foreach (var token in parse.UnmatchedTokens)
        {
            if (!message.Contains($"'{token}'", StringComparison.Ordinal)) continue;
            for (int i = 0; i < args.Length; i++)
            {
                string? name = args[i] == token && i > 0 ? args[i - 1]
                    : args[i].EndsWith("=" + token, StringComparison.Ordinal) || args[i].EndsWith(":" + token, StringComparison.Ordinal) ? args[i][..^(token.Length + 1)]
                    : null;
                if (name is not null && parse.CommandResult.Command.Options.OfType<Option<bool>>().Any(o => o.Name == name))
                    return $"{name} is a switch: give it alone (or as {name}=true / {name}=false), got '{token}'.";
            }
        }
        return null;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return names;
    }
}
