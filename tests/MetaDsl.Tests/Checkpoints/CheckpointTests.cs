using MetaDsl.Checkpoints;

namespace MetaDsl.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly CheckpointParameter[] s_layout =
    [
        new("W1", [1, 4], 0),
        new("B1", [4], 4),
        new("W2", [4, 1], 8),
        new("B2", [1], 12),
    ];

    private static double[] Theta() => Enumerable.Range(0, 13).Select(i => Math.Sin(i) * 3).ToArray();

    [Fact]
    public void RoundTripsThetaAndMetadata()
    {
        string path = Path.Combine(_dir, "sine.safetensors");
        Checkpoint.Save<double>(path, Theta(), s_layout, new CheckpointMetadata("SineMlp", "Maml", 1500, 42));
        var theta = new double[13];
        var metadata = Checkpoint.Load<double>(path, theta, "SineMlp", s_layout);
        Assert.Equal(Theta(), theta);
        Assert.Equal(new CheckpointMetadata("SineMlp", "Maml", 1500, 42), metadata);
        var raw = SafetensorsReader.Read(path);
        Assert.Equal([4, 1], raw["W2"].Shape);
        Assert.Equal("SineMlp", raw.Metadata["learner"]);
    }

    [Fact]
    public void AnotherLearnersCheckpointIsRefusedClearly()
    {
        string path = Path.Combine(_dir, "other.safetensors");
        Checkpoint.Save<double>(path, Theta(), s_layout, new CheckpointMetadata("SineMlp", "Reptile", 1, 0));
        var theta = new double[13];
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load<double>(path, theta, "OmniglotConv", s_layout));
        Assert.Contains("belongs to learner 'SineMlp', not 'OmniglotConv'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.All(theta, v => Assert.Equal(0, v));
    }

    [Fact]
    public void ParameterMismatchesAreNamed()
    {
        string path = Path.Combine(_dir, "mismatch.safetensors");
        Checkpoint.Save<double>(path, Theta(), s_layout, new CheckpointMetadata("SineMlp", "Maml", 1, 0));
        var theta = new double[13];

        CheckpointParameter[] reshaped = [new("W1", [2, 2], 0), .. s_layout[1..]];
        Assert.Contains("parameter 'W1' has shape [1, 4], expected [2, 2]",
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load<double>(path, theta, "SineMlp", reshaped)).Message);

        CheckpointParameter[] renamed = [new("Weights1", [1, 4], 0), .. s_layout[1..]];
        Assert.Contains("has no parameter 'Weights1'",
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load<double>(path, theta, "SineMlp", renamed)).Message);

        Assert.Contains("tensor 'B2' that learner 'SineMlp' does not have",
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load<double>(path, theta[..12], "SineMlp", s_layout[..3])).Message);

        Assert.Contains("parameter 'W1' is F64, expected F32",
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load<float>(path, new float[13], "SineMlp", s_layout)).Message);
    }

    [Fact]
    public void PlainSafetensorsIsNotACheckpoint()
    {
        string path = Path.Combine(_dir, "plain.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsTensor.From<double>("W1", [1.0, 2, 3, 4], 1, 4)]);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load<double>(path, new double[13], "SineMlp", s_layout));
        Assert.Contains("not a MetaDsl checkpoint", e.Message);
    }

    [Fact]
    public void FailedSaveLeavesThePreviousCheckpoint()
    {
        string path = Path.Combine(_dir, "keep.safetensors");
        Checkpoint.Save<double>(path, Theta(), s_layout, new CheckpointMetadata("SineMlp", "Maml", 1, 0));
        var before = File.ReadAllBytes(path);
        // Theta too short for the layout: refused before anything is written.
        Assert.Throws<ArgumentException>(() => Checkpoint.Save<double>(path, new double[5], s_layout, new CheckpointMetadata("SineMlp", "Maml", 2, 0)));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void LayoutComesFromLearnerInfo()
    {
        var info = new LearnerInfo("Tiny", [new ParameterInfo("W", [2, 3], 0, Init.Default, 0, false), new ParameterInfo("b", [3], 6, Init.Zeros, 0, false)], [], [], [], "");
        string path = Path.Combine(_dir, "tiny.safetensors");
        var theta = Enumerable.Range(1, 9).Select(i => (float)i).ToArray();
        Checkpoint.Save<float>(path, theta, info, "Anil", 7, 9);
        var loaded = new float[9];
        Assert.Equal(7, Checkpoint.Load<float>(path, loaded, info).Step);
        Assert.Equal(theta, loaded);
    }
}
