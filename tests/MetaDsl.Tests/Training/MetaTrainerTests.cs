using MetaDsl.Checkpoints;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Tests.Training;

public sealed class MetaTrainerTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MamlReducesTheSinusoidMetaLoss()
    {
        // SineMlp starts near zero output (MAML's own initializer), so the meta-loss starts near the
        // targets' variance (~4.2) and falls slowly at first; averages over 100 steps vary by a few percent, so a 10% drop separates learning from noise.
        var result = new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), TrainingFixtures.Options(1500)).Train();
        Assert.Equal(1500, result.Steps);
        Assert.False(result.Cancelled);
        double first = result.Losses.Take(100).Average(), last = result.Losses.TakeLast(100).Average();
        Assert.True(last < 0.9 * first, $"meta-loss went from {first} to {last}");
    }

    [Fact]
    public void SameSeedAndThreadsGiveBitIdenticalCheckpoints()
    {
        string a = Train("a", seed: 7), b = Train("b", seed: 7), c = Train("c", seed: 8);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
    }

    [Fact]
    public void CancellationStopsAfterTheCurrentStepAndSavesALoadableCheckpoint()
    {
        string path = Path.Combine(_directory, "cancelled.safetensors");
        using var cancellation = new CancellationTokenSource();
        var progress = new TrainingFixtures.Callback(p =>
        {
            if (p.Step == 5) cancellation.Cancel();
        });
        var result = new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), TrainingFixtures.Options(1000, checkpoint: path, progress: progress))
            .Train(cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(5, result.Steps);
        var theta = new float[SineMlp.Info.ParameterCount];
        var metadata = Checkpoint.Load<float>(path, theta, SineMlp.Info);
        Assert.Equal(5, metadata.Step);
        Assert.Equal("maml", metadata.Algorithm);
        Assert.Equal(result.Parameters, theta);
    }

    [Fact]
    public void AFailedRunLeavesTheExistingCheckpointUntouched()
    {
        string path = Train("good", seed: 1);
        var before = File.ReadAllBytes(path);
        var failing = new FailingSampler(TrainingFixtures.Sine(), failAfter: 20);
        var trainer = new MetaTrainer<float>(TrainingFixtures.Maml(), failing, TrainingFixtures.Options(10, seed: 2, checkpoint: path));

        var e = Assert.Throws<IOException>(() => trainer.Train());
        Assert.Contains("sampler failed", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ProgressReportsEveryStepWithTheMetaLoss()
    {
        var reports = new List<TrainingProgress>();
        var result = new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), TrainingFixtures.Options(6, progress: new TrainingFixtures.Callback(reports.Add))).Train();
        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(6, r.TotalSteps));
        Assert.Equal(result.Losses, reports.Select(r => r.MetaLoss));
    }

    [Fact]
    public void EveryAlgorithmTrainsAndSavesItsLayout()
    {
        foreach (var definition in MetaAlgorithms.All)
        {
            if (definition.NeedsClassLabels) TrainsAndSavesItsLayout<GaussianClassifier>(definition, new GaussianClusterSampler<float>(5, 1, 2, 2));
            else if (definition.Unsuitable(SineMlp.Info) is null) TrainsAndSavesItsLayout<SineMlp>(definition, TrainingFixtures.Sine());
            else TrainsAndSavesItsLayout<LearnedLossSineMlp>(definition, TrainingFixtures.Sine());
        }
    }

    private void TrainsAndSavesItsLayout<TLearner>(MetaAlgorithmDefinition definition, ITaskSampler<float> sampler) where TLearner : ILearner<TLearner>
    {
        string path = Path.Combine(_directory, definition.Name + ".safetensors");
        var algorithm = definition.Create<TLearner, float>(new MetaAlgorithmSettings());
        var result = new MetaTrainer<float>(algorithm, sampler, TrainingFixtures.Options(3, checkpoint: path)).Train();
        Assert.All(result.Losses, l => Assert.True(double.IsFinite(l)));
        var loaded = new float[algorithm.Length];
        var metadata = Checkpoint.Load<float>(path, loaded, TLearner.Info.Name, algorithm.Layout);
        Assert.Equal(definition.Name, metadata.Algorithm);
        Assert.Equal(result.Parameters, loaded);
    }

    [Fact]
    public void BadSettingsAreRefusedBeforeTraining()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), TrainingFixtures.Options(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), new MetaTrainerOptions { OuterLearningRate = double.NaN }));
    }

    private string Train(string name, int seed)
    {
        string path = Path.Combine(_directory, name + ".safetensors");
        new MetaTrainer<float>(TrainingFixtures.Maml(threads: 2), TrainingFixtures.Sine(), TrainingFixtures.Options(15, seed, path)).Train();
        return path;
    }

    /// <summary>Throws once a number of tasks has been drawn, as a broken data source would mid-run.</summary>
    private sealed class FailingSampler(ITaskSampler<float> inner, int failAfter) : ITaskSampler<float>
    {
        private int _drawn;

        public MetaTask<float> Allocate() => inner.Allocate();

        public void Sample(ref SplitMix64 rng, MetaTask<float> task)
        {
            if (++_drawn > failAfter) throw new IOException("sampler failed");
            inner.Sample(ref rng, task);
        }
    }
}
