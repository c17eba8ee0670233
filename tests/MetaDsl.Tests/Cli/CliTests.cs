using System.Text.Json;
using System.Xml.Linq;
using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainSineWritesCheckpointTableJsonAndFigure()
    {
        string checkpoint = Path.Combine(_directory, "sine.safetensors");
        string json = Path.Combine(_directory, "rows.json");
        string plot = Path.Combine(_directory, "figure.svg");

        var (code, output, error) = Run(QuickSine(checkpoint, "--json", json, "--plot", plot));

        Assert.True(code == 0, error);
        Assert.Contains("paper (MAML)", output);
        Assert.Contains("pretrained", output);
        Checkpoint.Load<float>(checkpoint, new float[SineMlp.Info.ParameterCount], SineMlp.Info);
        using var rows = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(6, rows.RootElement.GetArrayLength());

        var svg = XDocument.Parse(File.ReadAllText(plot));
        // Truth, three predictions and the loss curve; five support points and one legend marker.
        Assert.Equal(5, svg.Descendants(Svg + "polyline").Count());
        Assert.Equal(6, svg.Descendants(Svg + "circle").Count());
    }

    [Fact]
    public void EvaluateReproducesTheTrainingRunsRows()
    {
        string checkpoint = Path.Combine(_directory, "sine.safetensors");
        string trained = Path.Combine(_directory, "trained.json");
        string evaluated = Path.Combine(_directory, "evaluated.json");
        Assert.Equal(0, Run(QuickSine(checkpoint, "--json", trained)).Code);

        var (code, _, error) = Run(["evaluate", checkpoint, "--eval-tasks", "20", "--json", evaluated]);

        Assert.True(code == 0, error);
        var expected = JsonDocument.Parse(File.ReadAllText(trained)).RootElement.EnumerateArray().Where(r => r.GetProperty("algorithm").GetString() == "maml").Select(r => r.GetRawText());
        var actual = JsonDocument.Parse(File.ReadAllText(evaluated)).RootElement.EnumerateArray().Select(r => r.GetRawText());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EvaluatingOnTheDeviceGivesTheCpuRows()
    {
        string checkpoint = Path.Combine(_directory, "sine.safetensors");
        string onCpu = Path.Combine(_directory, "cpu.json"), onDevice = Path.Combine(_directory, "device.json");
        Assert.Equal(0, Run(QuickSine(checkpoint)).Code);
        Assert.Equal(0, Run(["evaluate", checkpoint, "--eval-tasks", "4", "--json", onCpu]).Code);

        var (code, _, error) = Run(["evaluate", checkpoint, "--eval-tasks", "4", "--device", "ilgpu-cpu", "--json", onDevice]);

        Assert.True(code == 0, error);
        double[] Losses(string json) => [.. JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().Select(r => r.GetProperty("mse").GetDouble())];
        var cpu = Losses(onCpu);
        var device = Losses(onDevice);
        Assert.Equal(cpu.Length, device.Length);
        for (int i = 0; i < cpu.Length; i++) Assert.True(Math.Abs(cpu[i] - device[i]) <= 1e-5 * Math.Abs(cpu[i]), $"row {i}: {device[i]} on the device, {cpu[i]} on the CPU");
    }

    [Theory]
    [InlineData("--steps", "0", "--steps accepts a whole number of at least 1, got '0'")]
    [InlineData("--algorithm", "sgd", "--algorithm accepts maml, fomaml, reptile, metasgd, anil, imaml, protonet, ml3, bmg, npbml; got 'sgd'")]
    [InlineData("--inner-lr", "-1", "--inner-lr accepts a finite number above 0")]
    [InlineData("--seed", "abc", "abc")]
    public void BadOptionsGiveAMessageAndLeaveTheCheckpointAlone(string option, string value, string message)
    {
        string checkpoint = Path.Combine(_directory, "good.safetensors");
        Assert.Equal(0, Run(QuickSine(checkpoint)).Code);
        var before = File.ReadAllBytes(checkpoint);

        var (code, _, error) = Run(["train", "sine", "--output", checkpoint, option, value]);

        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void SineDefaultsApplyTheMultiStepQueryLossToMamlOnly()
    {
        string checkpoint = Path.Combine(_directory, "reptile.safetensors");
        var quick = new[] { "train", "sine", "--steps", "5", "--meta-batch", "2", "--eval-tasks", "4", "--threads", "1", "--output", checkpoint };
        Assert.Equal(0, Run([.. quick, "--algorithm", "reptile"]).Code);

        var (code, _, error) = Run([.. quick, "--algorithm", "reptile", "--query-steps", "1"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--query-steps is an option of maml, fomaml, ml3 and npbml; reptile does not take it", error);

        (code, _, error) = Run([.. quick, "--query-steps", "9"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--query-steps accepts inner steps from 0 to --inner-steps (5), got 9", error);
    }

    [Fact]
    public void PrototypicalNetworksTrainOnClassificationOnTheCpuAndTheDeviceAndAreRefusedOnRegression()
    {
        string checkpoint = Path.Combine(_directory, "protonet.safetensors"), json = Path.Combine(_directory, "protonet.json");
        var (code, _, error) = Run(["train", "sine", "--algorithm", "protonet", "--steps", "2", "--output", checkpoint]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("protonet classifies, and train sine is a regression task", error);

        (code, _, error) = Run(["train", "gaussian", "--algorithm", "protonet", "--steps", "3", "--meta-batch", "2", "--eval-tasks", "4", "--threads", "1", "--output", checkpoint, "--json", json]);
        Assert.True(code == 0, error);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().Where(r => r.GetProperty("algorithm").GetString() == "protonet").ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1));

        string onDevice = Path.Combine(_directory, "protonet-device.safetensors");
        (code, _, error) = Run(["train", "gaussian", "--algorithm", "protonet", "--steps", "3", "--meta-batch", "2", "--eval-tasks", "4", "--threads", "1", "--output", onDevice, "--device", "ilgpu-cpu"]);
        Assert.True(code == 0, error);
        var cpu = new float[GaussianClassifier.Info.ParameterCount];
        var device = new float[GaussianClassifier.Info.ParameterCount];
        Checkpoint.Load<float>(checkpoint, cpu, GaussianClassifier.Info);
        Checkpoint.Load<float>(onDevice, device, GaussianClassifier.Info);
        // The output bias B2 shifts every embedding alike, so no distance depends on it: its gradient is rounding noise,
        // which Adam's normalized step turns into whole steps of either sign. Every other parameter must agree.
        var bias = GaussianClassifier.Info.Parameters.Single(p => p.Name == "B2");
        int end = bias.Offset;
        Assert.Equal(GaussianClassifier.Info.ParameterCount, end + bias.Shape.Aggregate(1, (a, b) => a * b));
        double scale = cpu[..end].Max(v => Math.Abs(v)), difference = cpu[..end].Zip(device[..end], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5 * scale, $"parameters differ by {difference} (scale {scale})");
    }

    [Fact]
    public void Ml3MetaTrainsTheLearnedLossLearnerAndIsRefusedForOneWithoutALearnedLoss()
    {
        string checkpoint = Path.Combine(_directory, "ml3.safetensors"), json = Path.Combine(_directory, "ml3.json");
        var (code, _, error) = Run(["train", "sine", "--algorithm", "ml3", "--steps", "2", "--output", checkpoint]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("ml3 cannot meta-train SineMlp (--learner mlp): ML³ meta-learns a loss network", Flat(error));
        Assert.False(File.Exists(checkpoint));

        (code, _, error) = Run(["train", "sine", "--learner", "learned-loss", "--algorithm", "ml3", "--steps", "3", "--meta-batch", "2", "--eval-tasks", "4", "--threads", "1", "--output", checkpoint, "--json", json]);
        Assert.True(code == 0, error);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[LearnedLossSineMlp.Info.ParameterCount], LearnedLossSineMlp.Info);
        Assert.Equal(("ml3", 3L), (metadata.Algorithm, metadata.Step));
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().Select(r => r.GetProperty("algorithm").GetString()).Distinct();
        Assert.Equal(["ml3", "pretrained"], rows);
    }

    [Fact]
    public void NpbmlMetaTrainsItsLearnerRecordsItsNameAndIsRefusedForALearnerWithoutALearnedPart()
    {
        string checkpoint = Path.Combine(_directory, "npbml.safetensors"), json = Path.Combine(_directory, "npbml.json");
        var (code, _, error) = Run(["train", "gaussian", "--algorithm", "npbml", "--steps", "2", "--output", checkpoint]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("npbml cannot meta-train GaussianClassifier (--learner mlp): NPBML meta-learns warp layers", Flat(error));
        Assert.False(File.Exists(checkpoint));

        (code, _, error) = Run(["train", "gaussian", "--learner", "npbml", "--algorithm", "npbml", "--steps", "3", "--meta-batch", "2", "--eval-tasks", "4", "--threads", "1", "--output", checkpoint, "--json", json]);
        Assert.True(code == 0, error);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[NpbmlGaussianClassifier.Info.ParameterCount], NpbmlGaussianClassifier.Info);
        Assert.Equal(("npbml", 3L), (metadata.Algorithm, metadata.Step));
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().Select(r => r.GetProperty("algorithm").GetString()).Distinct();
        Assert.Equal(["npbml", "pretrained"], rows);
    }

    [Fact]
    public void TrainingOnTheDeviceGivesTheCpuRunsParameters()
    {
        string onCpu = Path.Combine(_directory, "cpu.safetensors"), onDevice = Path.Combine(_directory, "device.safetensors");
        string[] quick = ["train", "sine", "--steps", "2", "--meta-batch", "2", "--inner-steps", "1", "--eval-tasks", "2", "--threads", "1"];
        Assert.Equal(0, Run([.. quick, "--output", onCpu]).Code);
        var (code, _, error) = Run([.. quick, "--output", onDevice, "--device", "ilgpu-cpu"]);
        Assert.True(code == 0, error);
        CheckpointAgreement.Check(onCpu, onDevice, SineMlp.Info);

        Assert.Equal(0, Run([.. quick, "--output", onCpu, "--algorithm", "bmg"]).Code);
        (code, _, error) = Run([.. quick, "--output", onDevice, "--device", "ilgpu-cpu", "--algorithm", "bmg"]);
        Assert.True(code == 0, error);
        CheckpointAgreement.Check(onCpu, onDevice, SineMlp.Info);
    }

    [Fact]
    public void BenchOnTheDeviceRunsTheMamlCasesAndRefusesTheCpuOnlyOne()
    {
        var cases = MetaDsl.Cli.Bench.SineBenchCases.For(Device.IlgpuCpu);
        Assert.Equal(["sine-maml-so-5", "sine-maml-fo-5"], cases.Select(c => c.Name));
        cases.Single(c => c.Name == "sine-maml-fo-5").Prepare(1)();

        var (code, _, error) = Run(["bench", "--device", "ilgpu-cpu", "--case", "sine-hvp-10"]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--case sine-hvp-10 runs on the CPU only", error);
    }

    [Fact]
    public void EvaluatingAMissingOrCorruptCheckpointFailsClearly()
    {
        var (code, _, error) = Run(["evaluate", "--checkpoint", Path.Combine(_directory, "none.safetensors")]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("does not exist", error);

        string corrupt = Path.Combine(_directory, "corrupt.safetensors");
        File.WriteAllText(corrupt, "not a checkpoint at all");
        (code, _, error) = Run(["evaluate", "--checkpoint", corrupt]);
        Assert.Equal(CliApp.Failed, code);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public void CtrlCSavesALoadableCheckpointAndSkipsEvaluation()
    {
        string checkpoint = Path.Combine(_directory, "stopped.safetensors");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var (code, output, _) = Run(QuickSine(checkpoint), cancellation.Token);

        Assert.Equal(CliApp.Cancelled, code);
        Assert.Contains("Stopped", output);
        var metadata = Checkpoint.Load<float>(checkpoint, new float[SineMlp.Info.ParameterCount], SineMlp.Info);
        Assert.Equal(0, metadata.Step);
    }

    [Fact]
    public void TrainGaussianReportsAccuracyForOneAndFiveShots()
    {
        string checkpoint = Path.Combine(_directory, "gaussian.safetensors");
        string json = Path.Combine(_directory, "gaussian.json");
        var (code, output, error) = Run(["train", "gaussian", "--steps", "10", "--meta-batch", "4", "--eval-tasks", "10", "--threads", "1", "--output", checkpoint, "--json", json]);

        Assert.True(code == 0, error);
        Assert.Contains("accuracy", output);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().ToArray();
        Assert.Equal([1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5], rows.Select(r => r.GetProperty("shots").GetInt32()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1));
    }

    private static string[] QuickSine(string checkpoint, params string[] extra) =>
        ["train", "sine", "--steps", "20", "--meta-batch", "5", "--eval-tasks", "20", "--threads", "2", "--output", checkpoint, .. extra];
}
