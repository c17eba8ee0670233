using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train lopt --resume</c>: a meta-training run continued from its checkpoint ends where the uninterrupted run ends.</summary>
public sealed class LoptResumeCliTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string In(string name) => Path.Combine(_directory, name);

    // Horizon 6 and truncation 3: the resumed part crosses the end of the particles' problems.
    private static string[] Quick(int steps, string output, params string[] extra) =>
        ["train", "lopt", "--steps", $"{steps}", "--pairs", "2", "--truncation", "3", "--horizon", "6", "--eval-tasks", "2", "--output", output, .. extra];

    [Theory]
    [InlineData("pes")]
    [InlineData("es")]
    [InlineData("tbptt")]
    public void AResumedMetaTrainingEqualsTheUninterruptedOne(string estimator)
    {
        Assert.Equal(0, Run(Quick(7, In("whole.safetensors"), "--estimator", estimator, "--json", In("whole.json"), "--threads", "1")).Code);
        Assert.Equal(0, Run(Quick(3, In("parts.safetensors"), "--estimator", estimator, "--threads", "2")).Code);

        // Only --resume, the outputs and the new total: every recorded setting comes from the checkpoint.
        var (code, resumed, error) = Run(["train", "lopt", "--resume", In("parts.safetensors"), "--output", In("parts.safetensors"), "--json", In("parts.json"), "--steps", "7"]);

        Assert.True(code == 0, error);
        Assert.Contains("Resuming", resumed);
        Assert.Equal(File.ReadAllBytes(In("whole.safetensors")), File.ReadAllBytes(In("parts.safetensors")));
        Assert.Equal(File.ReadAllText(In("whole.json")), File.ReadAllText(In("parts.json")));
    }

    [Fact]
    public void AStoppedTemporalRunResumesFromItsCheckpoint()
    {
        Assert.Equal(0, Run(Quick(4, In("whole.safetensors"), "--temporal")).Code);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var (stopped, output, _) = Run(Quick(4, In("parts.safetensors"), "--temporal"), stop.Token);
        Assert.Equal(CliApp.Cancelled, stopped);
        Assert.Contains("--resume", output);

        var (code, _, error) = Run(["train", "lopt", "--resume", In("parts.safetensors"), "--output", In("parts.safetensors")]);

        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(In("whole.safetensors")), File.ReadAllBytes(In("parts.safetensors")));
    }

    [Fact]
    public void AResumedRunRefusesOtherSettingsAndFewerSteps()
    {
        string checkpoint = In("run.safetensors");
        Assert.Equal(0, Run(Quick(4, checkpoint)).Code);

        var (code, _, error) = Run(["train", "lopt", "--resume", checkpoint, "--output", checkpoint, "--sigma", "0.5"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--sigma 0.5 differs from 0.01", error);

        (code, _, error) = Run(["train", "lopt", "--resume", checkpoint, "--output", checkpoint, "--estimator", "es"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--estimator es differs from pes", error);

        (code, _, error) = Run(["train", "lopt", "--resume", checkpoint, "--output", checkpoint, "--steps", "2"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--steps 2 is fewer than the 4 estimates", error);

        (code, _, error) = Run(["train", "lopt", "--resume", checkpoint, "--output", checkpoint, "--steps", "5"]);
        Assert.True(code == 0, error);
        Assert.Equal(5, Checkpoint.Load<float>(checkpoint, new float[MlpLearnedOptimizer.Info.ParameterCount], MlpLearnedOptimizer.Info).Step);
    }

    [Fact]
    public void ACheckpointWithoutThePopulationCannotBeResumed()
    {
        string checkpoint = In("run.safetensors");
        Assert.Equal(0, Run(Quick(2, checkpoint)).Code);
        var file = SafetensorsReader.Read(checkpoint);
        string stripped = In("stripped.safetensors");
        SafetensorsWriter.Write(stripped, [.. file.Tensors.Where(t => t.Name != "training.population.particles")], file.Metadata);

        var (code, _, error) = Run(["train", "lopt", "--resume", stripped, "--output", In("out.safetensors")]);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("training.population.particles", error);
    }
}
