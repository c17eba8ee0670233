using System.Text.Json;
using System.Xml.Linq;
using MetaDsl.Cli;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>train icl-gd</c>: linear self-attention meta-trained in context against gradient descent, end to end at toy sizes.</summary>
public sealed class IclGdCliTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string[] Quick(params string[] more) =>
        ["train", "icl-gd", "--steps", "20", "--meta-batch", "64", "--eval-tasks", "100", "--layers", "1", "2", .. more];

    [Fact]
    public void TrainIclGdWritesTheRowsOfEveryMethodAndLayerCountAndTheFigure()
    {
        string json = Path.Combine(_directory, "icl.json"), plot = Path.Combine(_directory, "icl.svg");

        var (code, output, error) = Run(Quick("--json", json, "--plot", plot));

        Assert.True(code == 0, error);
        Assert.Contains("lsa-constructed", output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["gd-best-lr", "gd++-best", "lsa-constructed", "lsa-trained", "gd-best-lr", "gd++-best", "lsa-constructed", "lsa-trained"], rows.Select(r => r.GetProperty("method").GetString()));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], rows.Select(r => r.GetProperty("layers").GetInt32()));
        Assert.All(rows, r => Assert.True(r.GetProperty("mse").GetDouble() > 0));
        // The constructed weights are gradient descent, up to float rounding.
        for (int i = 0; i < rows.Length; i += 4)
        {
            Assert.Equal(rows[i].GetProperty("mse").GetDouble(), rows[i + 2].GetProperty("mse").GetDouble(), 1e-4);
            Assert.Equal(1, rows[i + 2].GetProperty("sensitivityCosine").GetDouble(), 1e-4);
            Assert.True(rows[i + 1].GetProperty("curvature").GetDouble() >= 0);
            Assert.True(rows[i + 3].GetProperty("plusPlusAlignment").TryGetProperty("sensitivityCosine", out _));
        }
        var curves = document.RootElement.GetProperty("metaTraining").EnumerateArray().ToArray();
        Assert.Equal([20, 20], curves.Select(c => c.GetProperty("loss").GetArrayLength()));

        // Each layer count's training curve and its gradient-descent line.
        Assert.Equal(4, XDocument.Parse(File.ReadAllText(plot)).Descendants(Svg + "polyline").Count());
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

    [Theory]
    [InlineData("--json")]
    [InlineData("--plot")]
    [InlineData("--checkpoints")]
    public void AnUnwritableOutputFailsBeforeTraining(string option)
    {
        string notAFolder = Path.Combine(_directory, "file");
        File.WriteAllText(notAFolder, "not a folder");

        var (code, output, error) = Run(["train", "icl-gd", "--steps", "100000", option, Path.Combine(notAFolder, "out")]);

        Assert.Equal(CliApp.Usage, code);
        Assert.StartsWith($"error: {option}:", error);
        Assert.DoesNotContain("Linear regression in context", output);
    }

    /// <summary>The JSON without its wall times, which differ from run to run.</summary>
    private static string Strip(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var curve in root["metaTraining"]!.AsArray()) curve!.AsObject().Remove("seconds");
        return root.ToJsonString();
    }
}
