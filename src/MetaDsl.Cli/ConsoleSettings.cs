using Spectre.Console;

namespace MetaDsl.Cli;

/// <summary>
/// How the console is driven: escape codes and the live progress bar only on a terminal, colours only
/// there and only without <c>NO_COLOR</c> (https://no-color.org: set to anything non-empty).
/// </summary>
/// <param name="Ansi">Write escape codes (styles, colours, cursor moves).</param>
/// <param name="Colors">Use colours.</param>
/// <param name="Live">Draw a live progress bar; otherwise plain periodic lines.</param>
public sealed record ConsoleSettings(bool Ansi, bool Colors, bool Live)
{
    /// <summary>The settings for an output that is or is not redirected, given the value of <c>NO_COLOR</c>.</summary>
    public static ConsoleSettings Decide(bool outputRedirected, string? noColor)
    {
        bool terminal = !outputRedirected;
        return new ConsoleSettings(terminal, terminal && string.IsNullOrEmpty(noColor), terminal);
    }

    /// <summary>A Spectre console writing to <paramref name="output"/> with these settings.</summary>
    public IAnsiConsole Create(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = Ansi ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = Colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = Live ? InteractionSupport.Detect : InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    });
}
