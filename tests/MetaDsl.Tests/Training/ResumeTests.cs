using MetaDsl.Checkpoints;
using MetaDsl.Learners;
using MetaDsl.Training;

namespace MetaDsl.Tests.Training;

/// <summary>A run stopped part-way and resumed from its checkpoint must equal the run that never stopped.</summary>
public sealed class ResumeTests : IDisposable
{
    private const int Steps = 12;
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("maml")]
    [InlineData("metasgd")]
    [InlineData("imaml")]
    public void AResumedRunEqualsAnUninterruptedOneBitForBit(string name)
    {
        string whole = Path.Combine(_directory, "whole.safetensors");
        var uninterrupted = new MetaTrainer<float>(TrainingFixtures.Maml(algorithm: name), TrainingFixtures.Sine(), TrainingFixtures.Options(Steps, seed: 3, checkpoint: whole)).Train();

        string parts = Path.Combine(_directory, "parts.safetensors");
        using var stop = new CancellationTokenSource();
        var progress = new TrainingFixtures.Callback(p =>
        {
            if (p.Step == 5) stop.Cancel();
        });
        var algorithm = TrainingFixtures.Maml(threads: 2, algorithm: name);
        var first = new MetaTrainer<float>(algorithm, TrainingFixtures.Sine(), TrainingFixtures.Options(Steps, seed: 3, checkpoint: parts, progress: progress)).Train(stop.Token);
        Assert.True(first.Cancelled);
        var state = TrainingCheckpoint.Load<float>(parts, algorithm);
        Assert.Equal(5, state.Step);
        var resumed = new MetaTrainer<float>(TrainingFixtures.Maml(algorithm: name), TrainingFixtures.Sine(), TrainingFixtures.Options(Steps, seed: 3, checkpoint: parts)).Train(state);

        Assert.False(resumed.Cancelled);
        Assert.Equal(uninterrupted.Parameters, resumed.Parameters);
        Assert.Equal(uninterrupted.Losses, resumed.Losses);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(parts));
    }

    [Fact]
    public void CheckpointEverySavesAResumableStateOnTheWay()
    {
        string path = Path.Combine(_directory, "periodic.safetensors");
        var seen = new List<long>();
        var progress = new TrainingFixtures.Callback(p =>
        {
            if (File.Exists(path)) seen.Add(Checkpoint.Load<float>(path, new float[SineMlp.Info.ParameterCount], SineMlp.Info).Step);
        });
        new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), new MetaTrainerOptions
        {
            Steps = Steps,
            MetaBatchSize = 8,
            CheckpointPath = path,
            CheckpointEvery = 4,
            Progress = progress,
        }).Train();

        // Progress comes before the step's save: reports 1..4 find no file, 5..8 the save of step 4, 9..12 that of step 8.
        Assert.Equal([4, 4, 4, 4, 8, 8, 8, 8], seen);
        Assert.Equal(Steps, Checkpoint.Load<float>(path, new float[SineMlp.Info.ParameterCount], SineMlp.Info).Step);
    }

    [Fact]
    public void AStateOfOtherSettingsIsRefused()
    {
        string path = Path.Combine(_directory, "state.safetensors");
        var algorithm = TrainingFixtures.Maml();
        new MetaTrainer<float>(algorithm, TrainingFixtures.Sine(), TrainingFixtures.Options(3, checkpoint: path)).Train();
        var state = TrainingCheckpoint.Load<float>(path, algorithm);

        var otherSeed = Assert.Throws<ArgumentException>(() => new MetaTrainer<float>(algorithm, TrainingFixtures.Sine(), TrainingFixtures.Options(6, seed: 9)).Train(state));
        Assert.Contains("Seed = 0", otherSeed.Message);
        var fewer = Assert.Throws<ArgumentException>(() => new MetaTrainer<float>(algorithm, TrainingFixtures.Sine(), TrainingFixtures.Options(2)).Train(state));
        Assert.Contains("3 steps, more than the 2 planned", fewer.Message);
        var reptile = TrainingFixtures.Maml(algorithm: "reptile");
        Assert.Contains("trained by 'maml', not 'reptile'", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load<float>(path, reptile)).Message);
    }

    [Fact]
    public void APlainCheckpointHasNoStateToResume()
    {
        string path = Path.Combine(_directory, "plain.safetensors");
        var theta = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(theta, 1);
        Checkpoint.Save<float>(path, theta, SineMlp.Info, "maml", 10, 0);

        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load<float>(path, TrainingFixtures.Maml()));
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("training state", e.Message);
    }
}
