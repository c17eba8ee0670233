using MetaDsl.Cli;
using MetaDsl.Tests.Training;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary>A stop request (Ctrl+C, SIGTERM) ends every command, not only meta-training.</summary>
public sealed class StopTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CancellationToken Stopped()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source.Token;
    }

    [Fact]
    public void EvaluateStops()
    {
        string checkpoint = Path.Combine(_directory, "sine.safetensors");
        Assert.Equal(0, Run(["train", "sine", "--steps", "2", "--meta-batch", "2", "--eval-tasks", "2", "--output", checkpoint]).Code);

        var (code, output, error) = Run(["evaluate", checkpoint, "--eval-tasks", "100000000"], Stopped());

        Assert.True(code == CliApp.Cancelled, error);
        Assert.Contains("Ctrl+C: stopped.", output);
    }

    [Fact]
    public void LoadingAnImageFolderStopsAndWritesNothing()
    {
        string root = Path.Combine(_directory, "omniglot");
        OmniglotTree.Write(root, alphabets: 2, characters: 6, images: 6);
        string checkpoint = Path.Combine(_directory, "omniglot.safetensors");

        var (code, output, error) = Run(["train", "omniglot", "--data", root, "--output", checkpoint], Stopped());

        Assert.True(code == CliApp.Cancelled, error);
        Assert.Contains("Ctrl+C: stopped.", output);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void BenchStops()
    {
        var (code, output, error) = Run(["bench", "--case", "sine-hvp-10", "--seconds", "3600"], Stopped());

        Assert.True(code == CliApp.Cancelled, error);
        Assert.Contains("stopped", output);
    }
}
