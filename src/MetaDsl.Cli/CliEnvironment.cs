using Spectre.Console;

namespace MetaDsl.Cli;

/// <summary>Where the command writes and what stops it: the real console, or captured writers in tests.</summary>
/// <param name="Console">Tables, progress and messages.</param>
/// <param name="Output">Help and version text (the same stream as <paramref name="Console"/>).</param>
/// <param name="Error">Error messages.</param>
/// <param name="Cancellation">Cancelled by Ctrl+C: training stops after the current step and saves.</param>
/// <param name="Live">True for a live progress bar; false for plain periodic lines (redirected output).</param>
public sealed record CliEnvironment(IAnsiConsole Console, TextWriter Output, TextWriter Error, CancellationToken Cancellation, bool Live)
{
    /// <summary>The process console; a live progress bar only when stdout is an interactive terminal.</summary>
    public static CliEnvironment ForConsole(CancellationToken cancellation) => new(
        AnsiConsole.Console,
        System.Console.Out,
        System.Console.Error,
        cancellation,
        !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>Plain text into <paramref name="output"/> and <paramref name="error"/>, no colours, no live display.</summary>
    public static CliEnvironment ForWriters(TextWriter output, TextWriter error, CancellationToken cancellation = default) => new(
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }),
        output,
        error,
        cancellation,
        Live: false);
}
