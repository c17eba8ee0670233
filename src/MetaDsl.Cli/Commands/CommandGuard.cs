namespace MetaDsl.Cli.Commands;

/// <summary>Turns the failures bad input or data can cause into a one-line message and a non-zero exit code.</summary>
internal static class CommandGuard
{
    /// <summary>Runs <paramref name="action"/>; an expected failure prints <c>error: …</c> and returns <see cref="CliApp.Failed"/>.</summary>
    public static int Run(CliEnvironment environment, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return CliApp.Failed;
        }
    }

    /// <summary>Fails early when <paramref name="path"/> cannot be a file to write, before any work is done.</summary>
    public static void CheckWritable(string? path, string option)
    {
        if (path is null) return;
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{option} needs a file name.");
        if (Directory.Exists(path)) throw new ArgumentException($"{option} '{path}' is a directory; give a file name.");
    }
}
