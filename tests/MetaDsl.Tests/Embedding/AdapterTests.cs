using MetaDsl.Checkpoints;
using MetaDsl.Embedding;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Tests.Training;
using MetaDsl.Training;

namespace MetaDsl.Tests.Embedding;

public sealed class AdapterTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ConcurrentAdaptationsEqualSerialOnesBitForBit()
    {
        var adapter = Adapter<SineMlp, float>.Load(TrainedCheckpoint("concurrent"), new AdapterOptions { Steps = 3 });
        const int Count = 1000;
        var tasks = SampleTasks(Count);
        var query = new float[] { -4f, -2.5f, -1f, 0f, 1.5f, 3f, 4.5f };
        var serial = tasks.Select(t => adapter.Adapt(t.Support).Predict(query)).ToArray();

        var mismatches = 0;
        var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < Count; i++)
                if (!adapter.Adapt(tasks[i].Support).Predict(query).AsSpan().SequenceEqual(serial[i])) Interlocked.Increment(ref mismatches);
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void SpanAdaptationMatchesBatchAdaptation()
    {
        var adapter = Adapter<SineMlp, float>.Load(TrainedCheckpoint("spans"));
        var task = SampleTasks(1)[0];
        var fromBatch = adapter.Adapt(task.Support);
        var fromSpans = adapter.Adapt(task.Support[0].Data, task.Support[1].Data);
        Assert.True(fromBatch.Parameters.SequenceEqual(fromSpans.Parameters));
        Assert.False(fromBatch.Parameters.SequenceEqual(adapter.Parameters));
        Assert.Equal(3, fromSpans.Predict([0f, 1f, 2f]).Length);
        Assert.Equal("maml", adapter.Metadata!.Algorithm);
    }

    [Fact]
    public void MetaSgdCheckpointsAdaptWithTheirLearnedStepSizes()
    {
        string path = Path.Combine(_directory, "metasgd.safetensors");
        var algorithm = TrainingFixtures.Maml(algorithm: "metasgd");
        var result = new MetaTrainer<float>(algorithm, TrainingFixtures.Sine(), TrainingFixtures.Options(5, checkpoint: path)).Train();
        var task = SampleTasks(1)[0];
        var expected = new float[SineMlp.Info.ParameterCount];
        algorithm.Adapt(result.Parameters, task.Support, 2, expected);

        var adapted = Adapter<SineMlp, float>.Load(path, new AdapterOptions { Steps = 2 }).Adapt(task.Support);

        Assert.Equal(expected, adapted.Parameters.ToArray());
    }

    [Fact]
    public void MissingOrCorruptCheckpointsFailClearly()
    {
        string missing = Path.Combine(_directory, "missing.safetensors");
        Assert.Throws<FileNotFoundException>(() => Adapter<SineMlp, float>.Load(missing));

        string corrupt = Path.Combine(_directory, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.Throws<InvalidDataException>(() => Adapter<SineMlp, float>.Load(corrupt));

        var other = Assert.Throws<InvalidDataException>(() => Adapter<GaussianClassifier, float>.Load(TrainedCheckpoint("other")));
        Assert.Contains("SineMlp", other.Message);
    }

    [Fact]
    public void PrototypicalCheckpointsAreRefusedForTheyDoNotFineTune()
    {
        string path = Path.Combine(_directory, "protonet.safetensors");
        var theta = new float[GaussianClassifier.Info.ParameterCount];
        GaussianClassifier.Initialize<float>(theta, 1);
        Checkpoint.Save<float>(path, theta, GaussianClassifier.Info, "protonet", 10, 0);
        var e = Assert.Throws<NotSupportedException>(() => Adapter<GaussianClassifier, float>.Load(path));
        Assert.Contains("prototypes", e.Message);
    }

    [Fact]
    public void RaggedInputsAreRefused()
    {
        var adapter = new Adapter<SineMlp, float>(new float[SineMlp.Info.ParameterCount]);
        var e = Assert.Throws<ArgumentException>(() => adapter.Adapt([1f, 2f, 3f], [1f, 2f]));
        Assert.Contains("rows", e.Message);
    }

    private string TrainedCheckpoint(string name)
    {
        string path = Path.Combine(_directory, name + ".safetensors");
        new MetaTrainer<float>(TrainingFixtures.Maml(), TrainingFixtures.Sine(), TrainingFixtures.Options(20, checkpoint: path)).Train();
        return path;
    }

    private static MetaTask<float>[] SampleTasks(int count)
    {
        var sampler = new SinusoidSampler<float>(5, 1);
        var rng = new SplitMix64(42);
        var tasks = new MetaTask<float>[count];
        for (int i = 0; i < count; i++)
        {
            tasks[i] = sampler.Allocate();
            sampler.Sample(ref rng, tasks[i]);
        }
        return tasks;
    }
}
