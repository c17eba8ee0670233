using MetaDsl.Cli;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary><c>metadsl data glyphs</c> through the command line, on a tiny package in hanzi-writer-data's format.</summary>
public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The first two characters: one stroke and two.</summary>
    private string Package() => Tasks.StrokePackage.Write(Path.Combine(_dir, "package"), count: 2);

    [Fact]
    public void WritesTheTreeAndSaysWhatItWrote()
    {
        string output = Path.Combine(_dir, "glyphs");
        var (code, text, error) = Run(["data", "glyphs", "--out", output, "--source", Package(), "--drawers", "4", "--size", "32", "--seed", "3"]);
        Assert.True(code == 0, error);
        Assert.Contains("Wrote 8 images of 2 characters in 2 alphabets", Flat(text));
        Assert.Contains("not Omniglot", Flat(text));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "strokes-02-01", "U+4E8C"), "*.png").Length);
    }

    [Fact]
    public void WithoutAnOutputFolderItIsAUsageError()
    {
        var (code, _, error) = Run(["data", "glyphs", "--source", Package()]);
        Assert.Equal(CliApp.Usage, code);
        Assert.StartsWith("error: data glyphs needs --out DIR", error);
    }

    [Fact]
    public void AMissingSourceFailsWithTheFileNamed()
    {
        string missing = Path.Combine(_dir, "nope.tgz");
        var (code, _, error) = Run(["data", "glyphs", "--out", Path.Combine(_dir, "o"), "--source", missing]);
        Assert.Equal(CliApp.Failed, code);
        Assert.Contains(missing, error);
    }
}
