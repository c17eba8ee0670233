using System.Text.Json;
using System.Xml.Linq;
using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Tasks;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train hyper</c>: tuning per-weight decays by hypergradients and comparing with global decays, end to end on a synthetic Fashion-MNIST folder.</summary>
public sealed class HyperCliTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = TrainingFixtures.TempDirectory();
    private readonly string _data;

    public HyperCliTests() => _data = IdxFiles.FashionFolder(_directory, train: 80, test: 20);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainHyperWritesTheTunedClassifierTheComparisonAndTheFigure()
    {
        string checkpoint = Path.Combine(_directory, "hyper.safetensors");
        string json = Path.Combine(_directory, "hyper.json");
        string plot = Path.Combine(_directory, "hyper.svg");

        var (code, output, error) = Run(Quick(checkpoint, "--json", json, "--plot", plot));

        Assert.True(code == 0, error);
        Assert.Contains("validation CE", output);
        var theta = new float[DecayedFashionMlp.Info.ParameterCount];
        var metadata = Checkpoint.Load<float>(checkpoint, theta, DecayedFashionMlp.Info);
        Assert.Equal(("hyper-neumann", 5L), (metadata.Algorithm, metadata.Step));
        var decays = DecayedFashionMlp.Info["LogDecay1"];
        Assert.Contains(theta.AsSpan(decays.Offset, decays.Size).ToArray(), d => d != -8f);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["fixed-decay", "grid-decay", "per-weight-neumann", "per-weight-retrained"], rows.Select(r => r.GetProperty("method").GetString()));
        Assert.All(rows, r => Assert.Equal(5, r.GetProperty("validationCurve").GetArrayLength()));
        Assert.Equal(-8, rows[0].GetProperty("logDecay").GetDouble());
        Assert.Contains(rows[1].GetProperty("logDecay").GetDouble(), new double[] { -10, -8, -6, -5, -4, -3, -2 });
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("logDecay").ValueKind);
        Assert.All(rows, r => Assert.InRange(r.GetProperty("testAccuracy").GetDouble(), 0, 1));

        // Four validation curves, and the two layers' sorted decays.
        Assert.Equal(6, XDocument.Parse(File.ReadAllText(plot)).Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void TuningOnTheDeviceGivesTheCpuRunsDecays()
    {
        string onCpu = Path.Combine(_directory, "cpu.safetensors"), onDevice = Path.Combine(_directory, "device.safetensors");
        Assert.Equal(0, Run(Quick(onCpu)).Code);
        var (code, output, error) = Run(Quick(onDevice, "--device", "ilgpu-cpu"));
        Assert.True(code == 0, error);
        Assert.Contains("on ilgpu-cpu", output);
        CheckpointAgreement.Check(onCpu, onDevice, DecayedFashionMlp.Info);
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("unrolled")]
    public void EachHypergradientTunesAndIsSavedAsSuch(string method)
    {
        string checkpoint = Path.Combine(_directory, $"{method}.safetensors");

        var (code, _, error) = Run(Quick(checkpoint, "--hypergradient", method));

        Assert.True(code == 0, error);
        Assert.Equal($"hyper-{method}", Checkpoint.Load<float>(checkpoint, new float[DecayedFashionMlp.Info.ParameterCount], DecayedFashionMlp.Info).Algorithm);
    }

    [Fact]
    public void MoreImagesThanTheTrainingSplitHoldsIsAUsageErrorAndWritesNothing()
    {
        string checkpoint = Path.Combine(_directory, "none.safetensors");

        var (code, _, error) = Run(["train", "hyper", "--data", _data, "--train-images", "60", "--validation-images", "30", "--output", checkpoint]);

        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("training split has 80", Flat(error));
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void MissingFashionDataSaysHowToGetIt()
    {
        var (code, _, error) = Run(["train", "hyper", "--data", Path.Combine(_directory, "nowhere"), "--output", Path.Combine(_directory, "x.safetensors")]);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("scripts/get-fashion-mnist", Flat(error));
    }

    [Fact]
    public void CtrlCSavesTheClassifierSoFarAndSkipsTheComparison()
    {
        string checkpoint = Path.Combine(_directory, "stopped.safetensors");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var (code, output, _) = Run(Quick(checkpoint), cancellation.Token);

        Assert.Equal(CliApp.Cancelled, code);
        Assert.Contains("comparison was skipped", Flat(output));
        Assert.Equal(0, Checkpoint.Load<float>(checkpoint, new float[DecayedFashionMlp.Info.ParameterCount], DecayedFashionMlp.Info).Step);
    }

    private string[] Quick(string checkpoint, params string[] extra) =>
        ["train", "hyper", "--data", _data, "--train-images", "30", "--validation-images", "30", "--hyper-steps", "5", "--inner-steps", "2", "--output", checkpoint, .. extra];
}
