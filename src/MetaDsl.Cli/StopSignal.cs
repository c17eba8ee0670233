using System.Runtime.InteropServices;

namespace MetaDsl.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (what <c>kill</c>, <c>docker stop</c> and systemd send) as a request to
/// stop: the first one cancels <see cref="Token"/>, and every command stops within moments, training
/// after saving its checkpoint. A second signal ends the process at once, which is safe because every
/// file is written atomically; what an interrupted save leaves behind is removed by the next run.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _exitCode = CliApp.Cancelled;
    private string _name = "Ctrl+C";

    private StopSignal()
    {
    }

    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once a stop has been requested.</summary>
    public bool Requested => _source.IsCancellationRequested;

    /// <summary>The exit code of a stopped command: 128 + the signal's number, as shells report it (130 for SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => _exitCode;

    /// <summary>Listens for SIGINT and SIGTERM.</summary>
    public static StopSignal ForProcess()
    {
        var stop = new StopSignal();
        stop.Listen(PosixSignal.SIGINT, "Ctrl+C", CliApp.Cancelled);
        stop.Listen(PosixSignal.SIGTERM, "SIGTERM", CliApp.Terminated);
        return stop;
    }

    /// <summary>A stop requested by cancelling <paramref name="token"/> (tests, embedding), reported as Ctrl+C.</summary>
    public static StopSignal From(CancellationToken token)
    {
        var stop = new StopSignal();
        token.Register(stop._source.Cancel);
        return stop;
    }

    /// <summary>What stopped the command, for messages: "Ctrl+C" or "SIGTERM".</summary>
    public string Describe() => _name;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    private void Listen(PosixSignal signal, string name, int exitCode)
    {
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            if (_source.IsCancellationRequested) return; // The second signal: let it end the process.
            context.Cancel = true;
            _name = name;
            _exitCode = exitCode;
            _source.Cancel();
        }));
    }
}
