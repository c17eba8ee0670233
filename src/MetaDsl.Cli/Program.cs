using MetaDsl.Cli;

// Ctrl+C asks training to stop after the step in progress and save; a second Ctrl+C is also
// absorbed, because killing the process mid-save is exactly what the atomic save guards against anyway.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return CliApp.Run(args, CliEnvironment.ForConsole(cancellation.Token));
