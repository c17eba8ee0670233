using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// Runs a command's action and turns every way it can fail into one line on the error stream and an
/// exit code: <see cref="CliApp.Usage"/> for a bad command line, <see cref="CliApp.Failed"/> for bad data
/// or a failed run, and the stop signal's code when Ctrl+C or SIGTERM stopped it. No stack trace reaches
/// the user.
/// </summary>
internal static class CommandGuard
{
    /// <summary>Runs <paramref name="action"/> and returns its exit code, or the failure's.</summary>
    public static int Run(CliEnvironment environment, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (OperationCanceledException) when (environment.Stop.Requested)
        {
            environment.Console.MarkupLine($"[yellow]{Markup.Escape(environment.Stop.Describe())}: stopped.[/]");
            return environment.Stop.ExitCode;
        }
        catch (UsageException e)
        {
            return Fail(environment, e.Message, CliApp.Usage);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException
                                      or InvalidOperationException or NotSupportedException or InsufficientMemoryException)
        {
            return Fail(environment, e.Message, CliApp.Failed);
        }
        catch (OutOfMemoryException)
        {
            return Fail(environment, "out of memory; give smaller sizes (--meta-batch, --shots, --inner-steps, --threads).", CliApp.Failed);
        }
        catch (Exception e)
        {
            // A bug, not the user's doing: still one line, with the type so that it can be reported.
            return Fail(environment, $"unexpected {e.GetType().Name}: {e.Message}", CliApp.Failed);
        }
    }

    private static int Fail(CliEnvironment environment, string message, int code)
    {
        environment.Error.WriteLine("error: " + OneLine(message));
        return code;
    }

    /// <summary>The message on one line (inner line breaks become spaces).</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
