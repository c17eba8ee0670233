using System.Text.Json;
using MetaDsl.Checkpoints;
using MetaDsl.Cli;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

public sealed class OmniglotCliTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainOmniglotWritesCheckpointAccuracyTableAndJson()
    {
        string data = Tree("good", images: 8);
        string checkpoint = Path.Combine(_directory, "omniglot.safetensors");
        string json = Path.Combine(_directory, "omniglot.json");

        var (code, output, error) = Run(Quick(data, checkpoint, "--json", json));

        Assert.True(code == 0, error);
        Assert.Contains("accuracy", output);
        Assert.Contains("pretrained", output);
        // 8 images a class leave 7 queries for 1-shot and 3 for 5-shot evaluation, not 15.
        Assert.Contains("1-shot test tasks use 7 query image(s) per class instead of 15", Flat(output));
        Assert.Contains("5-shot test tasks use 3 query image(s) per class instead of 15", Flat(output));
        var metadata = Checkpoint.Load<float>(checkpoint, new float[MlpClassifier.Info.ParameterCount], MlpClassifier.Info);
        Assert.Equal(2, metadata.Step);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray().ToArray();
        Assert.Equal([1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5], rows.Select(r => r.GetProperty("shots").GetInt32()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1));
    }

    [Fact]
    public void TrainOmniglotWithoutDataSaysSo()
    {
        string checkpoint = Path.Combine(_directory, "none.safetensors");

        var (code, _, error) = Run(["train", "omniglot", "--steps", "1", "--output", checkpoint]);

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("omniglot needs --data DIR", error);
        Assert.False(File.Exists(checkpoint));
    }

    [Theory]
    [InlineData("few-images", "has 1 image(s); 1-shot tasks need at least 2 per class")]
    [InlineData("few-classes", "fewer than the 5 ways")]
    [InlineData("bad-png", "00.png")]
    [InlineData("empty", "holds no classes")]
    public void BadDataNamesTheProblemAndLeavesTheCheckpointAlone(string kind, string message)
    {
        string checkpoint = Path.Combine(_directory, "good.safetensors");
        Assert.Equal(0, Run(Quick(Tree("good", images: 8), checkpoint)).Code);
        var before = File.ReadAllBytes(checkpoint);
        string bad = Path.Combine(_directory, kind);
        string[] extra = [];
        switch (kind)
        {
            case "few-images":
                Tree(kind, images: 1);
                message = $"'{Path.Combine(bad, "Alphabet_0", "character01")}') {message}";
                break;
            case "few-classes":
                Tree(kind, alphabets: 1, characters: 3, images: 8);
                extra = ["--no-rotations"];
                break;
            case "bad-png":
                Tree(kind, images: 8);
                File.WriteAllText(Path.Combine(bad, "Alphabet_1", "character02", "00.png"), "not a png");
                break;
            case "empty":
                Directory.CreateDirectory(Path.Combine(bad, "Alphabet_0"));
                break;
        }

        var (code, _, error) = Run(Quick(bad, checkpoint, extra));

        Assert.Equal(CliApp.Failed, code);
        Assert.Contains(message, error);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void EvaluateNeedsTheDataAndReproducesTheTrainingRunsRows()
    {
        string data = Tree("good", images: 8);
        string checkpoint = Path.Combine(_directory, "omniglot.safetensors");
        string trained = Path.Combine(_directory, "trained.json");
        string evaluated = Path.Combine(_directory, "evaluated.json");
        Assert.Equal(0, Run(Quick(data, checkpoint, "--json", trained)).Code);

        var (code, _, error) = Run(["evaluate", "--checkpoint", checkpoint, "--eval-tasks", "3"]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("--data", error);

        (code, _, error) = Run(["evaluate", "--checkpoint", checkpoint, "--data", data, "--eval-tasks", "3", "--json", evaluated]);
        Assert.True(code == 0, error);
        var expected = JsonDocument.Parse(File.ReadAllText(trained)).RootElement.EnumerateArray().Where(r => r.GetProperty("algorithm").GetString() == "maml").Select(r => r.GetRawText());
        var actual = JsonDocument.Parse(File.ReadAllText(evaluated)).RootElement.EnumerateArray().Select(r => r.GetRawText());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EvaluateNotesThatDataIsIgnoredForOtherCheckpoints()
    {
        string checkpoint = Path.Combine(_directory, "gaussian.safetensors");
        Assert.Equal(0, Run(["train", "gaussian", "--steps", "2", "--meta-batch", "2", "--eval-tasks", "2", "--threads", "1", "--output", checkpoint]).Code);

        var (code, output, error) = Run(["evaluate", "--checkpoint", checkpoint, "--data", _directory, "--eval-tasks", "2"]);

        Assert.True(code == 0, error);
        Assert.Contains("ignored for GaussianClassifier", Flat(output));
    }

    [Fact]
    public void Conv4IsTheDefaultLearnerAndMlpIsOffered()
    {
        var (code, output, _) = Run(["train", "omniglot", "--help"]);

        Assert.Equal(0, code);
        var help = Flat(output);
        Assert.Contains("--learner", help);
        Assert.Contains("conv4 (Conv4Omniglot)", help);
        Assert.Contains("mlp (MlpClassifier)", help);
    }

    [Fact]
    public void AResumedRunKeepsItsLearnerAndRefusesAnother()
    {
        string data = Tree("good", images: 8);
        string checkpoint = Path.Combine(_directory, "omniglot.safetensors");
        Assert.Equal(0, Run(Quick(data, checkpoint)).Code);

        var (code, _, error) = Run(["train", "omniglot", "--data", data, "--learner", "conv4", "--steps", "3", "--eval-tasks", "3", "--threads", "1", "--resume", checkpoint, "--output", checkpoint]);
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--learner conv4 differs from mlp (MlpClassifier)", error);

        // Without --learner the checkpoint's learner (the MLP) continues, though conv4 is the default.
        (code, var output, error) = Run(["train", "omniglot", "--data", data, "--steps", "3", "--eval-tasks", "3", "--threads", "1", "--resume", checkpoint, "--output", checkpoint]);
        Assert.True(code == 0, error);
        Assert.Contains("MlpClassifier", Flat(output));
    }

    /// <summary>A tree under the test's folder: by default 2 alphabets × 6 characters, 72 classes with rotations, 8 of them test characters.</summary>
    private string Tree(string name, int alphabets = 2, int characters = 6, int images = 8)
    {
        string root = Path.Combine(_directory, name);
        if (!Directory.Exists(root)) OmniglotTree.Write(root, alphabets, characters, images);
        return root;
    }

    /// <summary>A short run on the MLP: Conv-4, the default, is exercised by the derivative and MAML tests, and is slow in a Debug build.</summary>
    private static string[] Quick(string data, string checkpoint, params string[] extra) =>
        ["train", "omniglot", "--data", data, "--learner", "mlp", "--steps", "2", "--meta-batch", "2", "--eval-tasks", "3", "--threads", "1", "--output", checkpoint, .. extra];
}
