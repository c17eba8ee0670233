using System.Text.Json;
using System.Xml.Linq;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Tasks;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train gpicl</c>: the transformer meta-trained on pools of projected-image tasks, end to end on a synthetic Fashion-MNIST folder at toy sizes.</summary>
public sealed class GpiclCliTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = TrainingFixtures.TempDirectory();
    private readonly string _data;

    public GpiclCliTests() => _data = IdxFiles.FashionFolder(_directory, train: 60, test: 20);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] Quick(params string[] more) =>
        ["train", "gpicl", "--data", _data, "--tasks", "2", "64", "--steps", "4", "--meta-batch", "32", "--eval-sequences", "20", .. more];

    [Fact]
    public void TrainGpiclWritesAccuraciesByPositionForEveryPoolSizeAndTheFigure()
    {
        string json = Path.Combine(_directory, "gpicl.json"), plot = Path.Combine(_directory, "gpicl.svg");

        var (code, output, error) = Run(Quick("--json", json, "--plot", plot));

        Assert.True(code == 0, error);
        Assert.Contains("unseen", output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([2, 64], rows.Select(r => r.GetProperty("tasks").GetInt32()));
        foreach (var row in rows)
        {
            var seen = row.GetProperty("seenByPosition").EnumerateArray().Select(a => a.GetDouble()).ToArray();
            Assert.Equal(GpiclTokens.Length, seen.Length);
            Assert.All(seen, a => Assert.InRange(a, 0, 1));
            Assert.Equal(seen.Average(), row.GetProperty("seenAccuracy").GetDouble(), 12);
            Assert.Equal(GpiclTokens.Length, row.GetProperty("unseenByPosition").GetArrayLength());
            Assert.Equal(4, row.GetProperty("loss").GetArrayLength());
        }

        // Seen, unseen and chance against the pool size; one unseen line per pool size and chance by position.
        Assert.Equal(3 + 2 + 1, XDocument.Parse(File.ReadAllText(plot)).Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void TheRunIsTheSameForAnyThreadCount()
    {
        string one = Path.Combine(_directory, "one.json"), two = Path.Combine(_directory, "two.json");

        var (code1, _, error1) = Run(Quick("--json", one, "--threads", "1"));
        var (code2, _, error2) = Run(Quick("--json", two, "--threads", "2"));

        Assert.True(code1 == 0 && code2 == 0, error1 + error2);
        Assert.Equal(Strip(File.ReadAllText(one)), Strip(File.ReadAllText(two)));
    }

    [Fact]
    public void AStopEndsTheRunAndWritesNothing()
    {
        string json = Path.Combine(_directory, "stopped.json");
        var source = new CancellationTokenSource();
        source.Cancel();

        var (code, output, error) = Run(Quick("--json", json), source.Token);

        Assert.True(code == CliApp.Cancelled, error);
        Assert.Contains("Stopped by Ctrl+C", Flat(output));
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void MissingFashionDataSaysHowToGetIt()
    {
        var (code, _, error) = Run(["train", "gpicl", "--data", Path.Combine(_directory, "nowhere")]);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("scripts/get-fashion-mnist", Flat(error));
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--plot")]
    public void AnUnwritableOutputFailsBeforeTraining(string option)
    {
        string notAFolder = Path.Combine(_directory, "file");
        File.WriteAllText(notAFolder, "not a folder");

        var (code, output, error) = Run(["train", "gpicl", "--data", _data, "--steps", "100000", option, Path.Combine(notAFolder, "out")]);

        Assert.Equal(CliApp.Usage, code);
        Assert.StartsWith($"error: {option}:", error);
        Assert.DoesNotContain("Fashion-MNIST from", output);
    }

    /// <summary>The JSON without its wall times, which differ from run to run.</summary>
    private static string Strip(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var row in root["rows"]!.AsArray()) row!.AsObject().Remove("seconds");
        return root.ToJsonString();
    }
}
