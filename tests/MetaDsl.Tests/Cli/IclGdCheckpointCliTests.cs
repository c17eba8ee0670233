using MetaDsl.Checkpoints;
using MetaDsl.Embedding;
using MetaDsl.InContext;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train icl-gd --checkpoints</c>: each trained model saved with its run's settings, for <see cref="Adapter{TLearner, T}"/> to adapt in context.</summary>
public sealed class IclGdCheckpointCliTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EachLayerCountIsSavedAsTheModelItTrainedAndLoadsIntoAnAdapter()
    {
        string folder = Path.Combine(_directory, "models");

        var (code, _, error) = Run(["train", "icl-gd", "--steps", "20", "--meta-batch", "64", "--eval-tasks", "100", "--layers", "1", "2", "--threads", "1", "--checkpoints", folder]);

        Assert.True(code == 0, error);
        string path = Path.Combine(folder, "LinearSelfAttention1.safetensors");
        Assert.True(File.Exists(Path.Combine(folder, "LinearSelfAttention2.safetensors")));
        // The defaults of --outer-lr and --clip, and the cosine decay over --steps.
        var trainer = new AttentionTrainer<LinearSelfAttention1, float>(64, 32, 5e-3, 1, 0, 10, 20);
        for (int step = 0; step < 20; step++) trainer.Step();

        var adapter = Adapter<LinearSelfAttention1, float>.Load(path);

        Assert.True(adapter.Parameters.SequenceEqual(trainer.Theta));
        Assert.Equal(new CheckpointMetadata("LinearSelfAttention1", "in-context", 20, 0), adapter.Metadata);
        var metadata = SafetensorsReader.ReadHeader(path).Metadata;
        Assert.Equal("64", metadata["run.meta-batch"]);
        Assert.Equal("1", metadata["run.layers"]);
        Assert.True(double.Parse(metadata["result.mse"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        var model = adapter.Adapt(new float[RegressionTokens.Context * RegressionTokens.Dimension], new float[RegressionTokens.Context]);
        Assert.Single(model.Predict(new float[RegressionTokens.Dimension]));
    }
}
