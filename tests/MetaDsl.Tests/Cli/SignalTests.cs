using System.Diagnostics;
using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;

namespace MetaDsl.Tests.Cli;

/// <summary>SIGTERM, as <c>kill</c>, <c>docker stop</c> and systemd send it, to a real <c>metadsl</c> process.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SigtermStopsTrainingAfterSavingAResumableCheckpoint()
    {
        string checkpoint = Path.Combine(_directory, "long.safetensors");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "MetaDsl.Cli.dll"), "train", "sine", "--steps", "100000000", "--meta-batch", "2", "--threads", "1", "--checkpoint-every", "1", "--output", checkpoint })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The first periodic save shows the run is training; no time is assumed, only that it gets there.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(checkpoint) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        if (!File.Exists(checkpoint))
        {
            // Reading the output waits for the process to end: stop it first.
            process.Kill();
            Assert.Fail($"no checkpoint appeared:\n{stdout.Result}{stderr.Result}");
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "metadsl did not stop on SIGTERM");

        Assert.True(process.ExitCode == CliApp.Terminated, $"exit code {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        Assert.Contains("Stopped by SIGTERM during meta-training", CliHarness.Flat(stdout.Result));
        Assert.Empty(stderr.Result);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[SineMlp.Info.ParameterCount], SineMlp.Info);
        Assert.True(metadata.Step >= 1);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }
}
