namespace MetaDsl.Cli.Commands;

/// <summary>The command line asks for something that cannot be done (a conflict between options, a path that cannot be written): exit code 1.</summary>
/// <param name="message">One line that names the option and says what it accepts.</param>
internal sealed class UsageException(string message) : Exception(message);
