using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train --resume</c>: a stopped run continues with its recorded settings and ends where the uninterrupted run ends.</summary>
public sealed class ResumeCliTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string In(string name) => Path.Combine(_directory, name);

    private static string[] Quick(string output, params string[] extra) =>
        ["train", "sine", "--steps", "12", "--meta-batch", "3", "--inner-steps", "2", "--eval-tasks", "6", "--checkpoint-every", "4", "--output", output, .. extra];

    [Fact]
    public void AStoppedRunResumedWithItsCheckpointEqualsTheUninterruptedRun()
    {
        Assert.Equal(0, Run(Quick(In("whole.safetensors"), "--json", In("whole.json"), "--threads", "1")).Code);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var (stopped, output, _) = Run(Quick(In("parts.safetensors"), "--threads", "2"), stop.Token);
        Assert.Equal(CliApp.Cancelled, stopped);
        Assert.Contains("--resume", output);

        // Only --resume and the outputs: every recorded setting comes from the checkpoint.
        var (code, resumed, error) = Run(["train", "sine", "--resume", In("parts.safetensors"), "--output", In("parts.safetensors"), "--json", In("parts.json")]);

        Assert.True(code == 0, error);
        Assert.Contains("Resuming", resumed);
        Assert.Equal(File.ReadAllBytes(In("whole.safetensors")), File.ReadAllBytes(In("parts.safetensors")));
        Assert.Equal(File.ReadAllText(In("whole.json")), File.ReadAllText(In("parts.json")));
    }

    [Fact]
    public void AResumedRunRefusesOtherSettingsButTakesMoreSteps()
    {
        string checkpoint = In("run.safetensors");
        Assert.Equal(0, Run(Quick(checkpoint)).Code);

        var (code, _, error) = Run(["train", "sine", "--resume", checkpoint, "--output", checkpoint, "--inner-lr", "0.5"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--inner-lr 0.5 differs from 0.01", error);

        (code, _, error) = Run(["train", "sine", "--resume", checkpoint, "--output", checkpoint, "--steps", "8"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--steps 8 is fewer than the 12 steps", error);

        (code, _, error) = Run(["train", "sine", "--resume", checkpoint, "--output", checkpoint, "--steps", "14", "--eval-tasks", "2"]);
        Assert.True(code == 0, error);
        Assert.Equal(14, Checkpoint.Load<float>(checkpoint, new float[SineMlp.Info.ParameterCount], SineMlp.Info).Step);
    }

    [Fact]
    public void ACheckpointWithoutARunCannotBeResumed()
    {
        string plain = In("plain.safetensors");
        Checkpoint.Save<float>(plain, new float[SineMlp.Info.ParameterCount], SineMlp.Info, "maml", 3, 0);

        var (code, _, error) = Run(["train", "sine", "--resume", plain, "--output", In("out.safetensors")]);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("records no run of metadsl train", error);
    }
}
