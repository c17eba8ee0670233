using Spectre.Console;

namespace MetaDsl.Cli;

/// <summary>Where the command writes and what stops it: the real console, or captured writers in tests.</summary>
/// <param name="Console">Tables, progress and messages.</param>
/// <param name="Output">Help and version text (the same stream as <paramref name="Console"/>).</param>
/// <param name="Error">Error messages.</param>
/// <param name="Stop">Ctrl+C and SIGTERM: commands stop, training after saving.</param>
/// <param name="Live">True for a live progress bar; false for plain periodic lines (redirected output).</param>
public sealed record CliEnvironment(IAnsiConsole Console, TextWriter Output, TextWriter Error, StopSignal Stop, bool Live)
{
    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken Cancellation => Stop.Token;

    /// <summary>The process console: escape codes and the live bar only on a terminal, colours only without NO_COLOR.</summary>
    public static CliEnvironment ForConsole(StopSignal stop)
    {
        var settings = ConsoleSettings.Decide(System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = settings.Create(System.Console.Out);
        return new(console, System.Console.Out, System.Console.Error, stop, settings.Live && console.Profile.Capabilities.Interactive);
    }

    /// <summary>Plain text into <paramref name="output"/> and <paramref name="error"/>, no colours, no live display; cancelling <paramref name="cancellation"/> acts as Ctrl+C.</summary>
    public static CliEnvironment ForWriters(TextWriter output, TextWriter error, CancellationToken cancellation = default) => new(
        new ConsoleSettings(Ansi: false, Colors: false, Live: false).Create(output),
        output,
        error,
        StopSignal.From(cancellation),
        Live: false);
}
