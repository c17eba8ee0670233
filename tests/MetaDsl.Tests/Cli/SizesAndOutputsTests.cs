using MetaDsl.Cli;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary>Sizes and output paths are checked before any work: a message naming the option, never an out-of-memory trace or a run lost at its end.</summary>
public sealed class SizesAndOutputsTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string In(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData("--meta-batch", "2000000000")]
    [InlineData("--shots", "2000000000")]
    [InlineData("--inner-steps", "2000000000")]
    [InlineData("--eval-shots", "2000000000")]
    public void AnAbsurdSizeIsRefusedBeforeAllocating(string option, string value)
    {
        var (code, _, error) = Run(["train", "sine", "--output", In("x.safetensors"), option, value]);

        Assert.Equal(CliApp.Usage, code);
        Assert.Contains($"{option} {value}", error);
        Assert.Contains("more than the", error);
        Assert.False(File.Exists(In("x.safetensors")));
    }

    [Fact]
    public void ThreadsBeyondTheWorkAreCappedAndSaidSo()
    {
        var (code, output, error) = Run(["train", "sine", "--steps", "2", "--meta-batch", "1", "--eval-tasks", "2", "--threads", "1000", "--output", In("t.safetensors")]);

        Assert.True(code == 0, error);
        Assert.Contains("--threads 1000 capped at 1", Flat(output));
        Assert.Contains("1 thread(s)", Flat(output));
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--plot")]
    [InlineData("--output")]
    public void AnUnwritableOutputFailsBeforeTraining(string option)
    {
        File.WriteAllText(In("file"), "not a folder");
        string[] args = option == "--output" ? ["train", "sine", "--steps", "100000"] : ["train", "sine", "--steps", "100000", "--output", In("ok.safetensors")];

        var (code, output, error) = Run([.. args, option, Path.Combine(In("file"), "out")]);

        Assert.Equal(CliApp.Usage, code);
        Assert.StartsWith($"error: {option}:", error);
        Assert.DoesNotContain("Meta-training", output);
        Assert.False(File.Exists(In("ok.safetensors")));
    }

    [Fact]
    public void TwoOutputsCannotBeOneFile()
    {
        var (code, _, error) = Run(["train", "sine", "--output", In("same"), "--json", In("same")]);

        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("--json", error);
        Assert.Contains("same file as --output", error);
    }

    [Fact]
    public void EvaluateRefusesToWriteOverItsCheckpoint()
    {
        string checkpoint = In("sine.safetensors");
        Assert.Equal(0, Run(["train", "sine", "--steps", "2", "--meta-batch", "2", "--eval-tasks", "2", "--output", checkpoint]).Code);
        var before = File.ReadAllBytes(checkpoint);

        var (code, _, error) = Run(["evaluate", checkpoint, "--json", checkpoint]);

        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("same file as CHECKPOINT", error);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }
}
