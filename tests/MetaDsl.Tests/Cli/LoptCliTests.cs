using System.Text.Json;
using System.Xml.Linq;
using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Tasks;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train lopt</c>: meta-training a learned optimizer and comparing it with tuned Adam, end to end at toy sizes.</summary>
public sealed class LoptCliTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainLoptOnSineWritesTheOptimizerTheComparisonAndTheFigure()
    {
        string checkpoint = Path.Combine(_directory, "lopt.safetensors");
        string json = Path.Combine(_directory, "lopt.json");
        string plot = Path.Combine(_directory, "lopt.svg");

        var (code, output, error) = Run(Quick(checkpoint, "--json", json, "--plot", plot));

        Assert.True(code == 0, error);
        Assert.Contains("wins", output);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[MlpLearnedOptimizer.Info.ParameterCount], MlpLearnedOptimizer.Info);
        Assert.Equal(("pes", 4L), (metadata.Algorithm, metadata.Step));

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.Equal(["held-out tasks", "4x wider", "5x longer"], rows.Select(r => r.GetProperty("setting").GetString()));
        Assert.Equal(["SineTarget", "WideSineTarget", "SineTarget"], rows.Select(r => r.GetProperty("learner").GetString()));
        Assert.Equal([7, 7, 31], rows.Select(r => r.GetProperty("learnedCurve").GetArrayLength()));
        Assert.All(rows, r => Assert.Contains(r.GetProperty("adamLearningRate").GetDouble(), new[] { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1 }));
        Assert.Equal(4, document.RootElement.GetProperty("metaTrainingLoss").GetArrayLength());

        // Two curves in each of the three settings' panels, and the meta-training curve.
        Assert.Equal(7, XDocument.Parse(File.ReadAllText(plot)).Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void EvaluateOfTheCheckpointReproducesTheComparisonOfTheRun()
    {
        string checkpoint = Path.Combine(_directory, "lopt.safetensors");
        string trained = Path.Combine(_directory, "trained.json"), evaluated = Path.Combine(_directory, "evaluated.json"), fewer = Path.Combine(_directory, "fewer.json");
        Assert.Equal(0, Run(Quick(checkpoint, "--json", trained)).Code);

        var (code, output, error) = Run(["evaluate", checkpoint, "--json", evaluated]);

        Assert.True(code == 0, error);
        Assert.Contains("after 4 of 4 estimates (pes on sine)", Flat(output));
        Assert.Equal(File.ReadAllText(trained), File.ReadAllText(evaluated));

        (code, _, error) = Run(["evaluate", checkpoint, "--eval-tasks", "3", "--json", fewer]);
        Assert.True(code == 0, error);
        Assert.Contains("\"tasks\": 3", File.ReadAllText(fewer));
    }

    [Fact]
    public void TheRunIsTheSameForAnyThreadCount()
    {
        string one = Path.Combine(_directory, "one.safetensors"), two = Path.Combine(_directory, "two.safetensors");
        string oneJson = Path.Combine(_directory, "one.json"), twoJson = Path.Combine(_directory, "two.json");

        var (code1, _, error1) = Run([.. Quick(one, "--json", oneJson), "--threads", "1"]);
        var (code2, _, error2) = Run([.. Quick(two, "--json", twoJson), "--threads", "2"]);

        Assert.True(code1 == 0 && code2 == 0, error1 + error2);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));
        Assert.Equal(File.ReadAllText(oneJson), File.ReadAllText(twoJson));
    }

    [Fact]
    public void TheTemporalOptimizerTrainedByTruncatedEsIsSavedAsSuch()
    {
        string checkpoint = Path.Combine(_directory, "temporal.safetensors");

        var (code, _, error) = Run(Quick(checkpoint, "--temporal", "--estimator", "es"));

        Assert.True(code == 0, error);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[TemporalMlpLearnedOptimizer.Info.ParameterCount], TemporalMlpLearnedOptimizer.Info);
        Assert.Equal("es-temporal", metadata.Algorithm);
    }

    [Fact]
    public void TruncatedBackpropMetaTrainsAndIsSavedAsSuch()
    {
        string checkpoint = Path.Combine(_directory, "tbptt.safetensors");
        var start = new float[MlpLearnedOptimizer.Info.ParameterCount];

        var (code, output, error) = Run(Quick(checkpoint, "--estimator", "tbptt", "--from-scratch"));

        Assert.True(code == 0, error);
        Assert.Contains("by tbptt", Flat(output));
        var phi = new float[MlpLearnedOptimizer.Info.ParameterCount];
        Assert.Equal("tbptt", Checkpoint.Load<float>(checkpoint, phi, MlpLearnedOptimizer.Info).Algorithm);
        MlpLearnedOptimizer.Initialize<float>(start, seed: 0);
        Assert.NotEqual(start, phi);
    }

    [Fact]
    public void ClippingTheMetaGradientChangesTheOptimizer()
    {
        string plain = Path.Combine(_directory, "plain.safetensors"), clipped = Path.Combine(_directory, "clipped.safetensors");

        var (code1, _, error1) = Run(Quick(plain));
        // A norm this small leaves Adam's step to its epsilon: the trajectory must differ.
        var (code2, _, error2) = Run(Quick(clipped, "--clip", "1e-7"));

        Assert.True(code1 == 0 && code2 == 0, error1 + error2);
        var a = new float[MlpLearnedOptimizer.Info.ParameterCount];
        var b = new float[a.Length];
        Checkpoint.Load<float>(plain, a, MlpLearnedOptimizer.Info);
        Checkpoint.Load<float>(clipped, b, MlpLearnedOptimizer.Info);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void TheFashionTargetReadsTheIdxFolder()
    {
        string folder = IdxFiles.FashionFolder(_directory, train: 60, test: 20);
        string checkpoint = Path.Combine(_directory, "fashion.safetensors");
        string json = Path.Combine(_directory, "fashion.json");

        var (code, output, error) = Run(Quick(checkpoint, "--target", "fashion", "--data", folder, "--json", json));

        Assert.True(code == 0, error);
        Assert.Contains("60 training and 20 test images", Flat(output));
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(["FashionMlp", "WideFashionMlp", "FashionMlp"], document.RootElement.GetProperty("comparisons").EnumerateArray().Select(r => r.GetProperty("learner").GetString()));
    }

    [Fact]
    public void MissingFashionDataSaysHowToGetItAndWritesNothing()
    {
        string checkpoint = Path.Combine(_directory, "none.safetensors");

        var (code, _, error) = Run(Quick(checkpoint, "--target", "fashion", "--data", Path.Combine(_directory, "nowhere")));

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("scripts/get-fashion-mnist", Flat(error));
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void CtrlCSavesTheOptimizerSoFarAndSkipsTheComparison()
    {
        string checkpoint = Path.Combine(_directory, "stopped.safetensors");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var (code, output, _) = Run(Quick(checkpoint), cancellation.Token);

        Assert.Equal(CliApp.Cancelled, code);
        Assert.Contains("comparison was skipped", Flat(output));
        Assert.Equal(0, Checkpoint.Load<float>(checkpoint, new float[MlpLearnedOptimizer.Info.ParameterCount], MlpLearnedOptimizer.Info).Step);
    }

    [Fact]
    public void CheckpointEverySavesTheOptimizerWhileItTrains()
    {
        string checkpoint = Path.Combine(_directory, "periodic.safetensors");
        using var cancellation = new CancellationTokenSource();
        // Only a periodic save can write the file before the run ends: stop the run when it appears.
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(checkpoint) && !cancellation.IsCancellationRequested) await Task.Delay(5);
            cancellation.Cancel();
        });

        var (code, output, _) = Run(["train", "lopt", "--steps", "100000", "--pairs", "2", "--truncation", "3", "--horizon", "6", "--checkpoint-every", "1", "--output", checkpoint], cancellation.Token);
        watcher.Wait();

        Assert.Equal(CliApp.Cancelled, code);
        Assert.Contains("comparison was skipped", Flat(output));
        long step = Checkpoint.Load<float>(checkpoint, new float[MlpLearnedOptimizer.Info.ParameterCount], MlpLearnedOptimizer.Info).Step;
        Assert.InRange(step, 1, 99_999);
    }

    private static string[] Quick(string checkpoint, params string[] extra) =>
        ["train", "lopt", "--steps", "4", "--pairs", "2", "--truncation", "3", "--horizon", "6", "--eval-tasks", "2", "--output", checkpoint, .. extra];
}
