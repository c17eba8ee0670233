using MetaDsl.Cli;

namespace MetaDsl.Tests.Cli;

/// <summary>Runs the <c>metadsl</c> command in-process with captured output.</summary>
internal static class CliHarness
{
    public static (int Code, string Output, string Error) Run(string[] args, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, CliEnvironment.ForWriters(output, error, cancellation));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The text with every run of white space as one space: the console wraps long lines at its width.</summary>
    public static string Flat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
