using MetaDsl.Cli;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary>
/// <c>train miniimagenet</c>'s data errors, raised before any training. (The loader's layouts are
/// checked in MiniImageNetTests; a Conv-4 run on 84×84 images is too slow for the Debug test build.)
/// </summary>
public sealed class MiniImageNetCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-mini-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithoutDataItSaysWhatLayoutItNeeds()
    {
        var (code, _, error) = Run(["train", "miniimagenet", "--output", Path.Combine(_dir, "m.safetensors")]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("miniimagenet needs --data DIR", error);
        Assert.Contains("train.csv, val.csv and test.csv", error);
    }

    [Fact]
    public void AFolderInNeitherLayoutOrWithAMissingImageIsReportedBeforeTraining()
    {
        var (code, output, error) = Run(["train", "miniimagenet", "--data", _dir, "--output", Path.Combine(_dir, "m.safetensors")]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("not in miniImageNet's layout", error);

        File.WriteAllLines(Path.Combine(_dir, "train.csv"), ["filename,label", "n0000.jpg,n01"]);
        (code, output, error) = Run(["train", "miniimagenet", "--data", _dir, "--output", Path.Combine(_dir, "m.safetensors")]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains("train.csv' line 2 names 'n0000.jpg'", Flat(error));
        Assert.DoesNotContain("Meta-training", output);
    }
}
