using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Tests.Training;

/// <summary>Small, fast training setups shared by the training and embedding tests.</summary>
internal static class TrainingFixtures
{
    public static IMetaAlgorithm<float> Maml(int threads = 1, string algorithm = "maml") =>
        MetaAlgorithms.Create<SineMlp, float>(algorithm, new MetaAlgorithmSettings { Threads = threads });

    public static MetaTrainerOptions Options(int steps, int seed = 0, string? checkpoint = null, IProgress<TrainingProgress>? progress = null) => new()
    {
        Steps = steps,
        MetaBatchSize = 8,
        Seed = seed,
        CheckpointPath = checkpoint,
        Progress = progress,
    };

    public static SinusoidSampler<float> Sine(int shots = 10) => new(shots, shots);

    /// <summary>A fresh directory under the temp folder, removed by the caller.</summary>
    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "metadsl-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Reports progress synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    public sealed class Callback(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
