using MetaDsl.Cli;
using Spectre.Console;

namespace MetaDsl.Tests.Cli;

/// <summary>Escape codes only on a terminal, colours only without NO_COLOR.</summary>
public sealed class ConsoleSettingsTests
{
    [Theory]
    [InlineData(true, null, false, false)]
    [InlineData(true, "1", false, false)]
    [InlineData(false, null, true, true)]
    [InlineData(false, "", true, true)]
    [InlineData(false, "1", true, false)]
    public void TerminalAndNoColorDecide(bool redirected, string? noColor, bool ansi, bool colors)
    {
        var settings = ConsoleSettings.Decide(redirected, noColor);

        Assert.Equal(ansi, settings.Ansi);
        Assert.Equal(colors, settings.Colors);
        Assert.Equal(!redirected, settings.Live);
    }

    [Fact]
    public void RedirectedOutputCarriesNoEscapeCodes()
    {
        var output = new StringWriter();
        var console = ConsoleSettings.Decide(outputRedirected: true, noColor: null).Create(output);

        console.MarkupLine("[bold red]diverged[/] [grey]note[/]");

        Assert.Equal("diverged note", output.ToString().TrimEnd());
    }
}
