using System.Formats.Tar;
using System.IO.Compression;
using MetaDsl.Tasks;
using MetaDsl.Tasks.Glyphs;

namespace MetaDsl.Tests.Tasks;

/// <summary>
/// The glyph benchmark from a small package made here in hanzi-writer-data's format: reading it as a
/// folder and as npm's tarball, rendering, the tree's layout, resuming, and the errors.
/// </summary>
public sealed class GlyphTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-glyphs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Package() => StrokePackage.Write(Path.Combine(_dir, "package"));

    private string Tarball(string folder)
    {
        string path = Path.Combine(_dir, HanziWriterData.Tarball);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var entry in Directory.GetFiles(folder))
            tar.WriteEntry(entry, "package/" + Path.GetFileName(entry));
        return path;
    }

    [Fact]
    public void ReadsTheFolderAndTheTarballAlikeInCodePointOrder()
    {
        string folder = Package();
        var (fromFolder, licence) = HanziWriterData.Read(folder);
        var (fromTarball, _) = HanziWriterData.Read(Tarball(folder));
        Assert.Equal(["一", "二", "十", "干"], fromFolder.Select(c => c.Character));
        Assert.Equal(fromFolder.Select(c => c.Strokes.Count), fromTarball.Select(c => c.Strokes.Count));
        Assert.Equal(fromFolder[2].Strokes[1], fromTarball[2].Strokes[1]);
        // y is turned to image rows: 900 - y.
        Assert.Equal([500f, 100, 500, 600, 510, 950], fromFolder[2].Strokes[1]);
        Assert.Contains("ARPHIC", licence);
        Assert.Equal("U+5341", fromFolder[2].CodePoint);
    }

    [Fact]
    public void RenderingIsReproducibleAndDrawersDiffer()
    {
        var (characters, _) = HanziWriterData.Read(Package());
        var ten = characters[2];
        var a = GlyphRenderer.Render(ten, drawer: 3, seed: 7);
        Assert.Equal(a, GlyphRenderer.Render(ten, drawer: 3, seed: 7));
        Assert.NotEqual(a, GlyphRenderer.Render(ten, drawer: 4, seed: 7));
        Assert.NotEqual(a, GlyphRenderer.Render(ten, drawer: 3, seed: 8));
        Assert.Equal(105 * 105, a.Length);
        // Binary ink on paper, like Omniglot, and a plausible amount of ink for two strokes.
        Assert.All(a, v => Assert.True(v is 0 or 255));
        double ink = a.Count(v => v == 0) / (double)a.Length;
        Assert.InRange(ink, 0.01, 0.2);
        // The vertical stroke of 十 crosses the middle column.
        Assert.Contains(Enumerable.Range(0, 105).Select(y => a[y * 105 + 52]), v => v == 0);
    }

    [Fact]
    public void WritesAnOmniglotTreeThatLoadsAndResumes()
    {
        var (characters, licence) = HanziWriterData.Read(Package());
        string output = Path.Combine(_dir, "tree");
        var options = new GlyphOptions { Drawers = 3, ImageSize = 28, AlphabetSize = 1, Seed = 5 };
        var summary = GlyphDataset.Write(characters, licence, output, options);
        Assert.Equal(new GlyphDataset.Summary(4, 4, 12, 0), summary);
        Assert.True(File.Exists(Path.Combine(output, "strokes-02-02", "U+5341", "02.png")));
        Assert.Equal(licence, File.ReadAllText(Path.Combine(output, GlyphDataset.Licence)));

        var folder = OmniglotFolder.Load(output, new OmniglotOptions { ImageSize = 28, TrainFraction = 1, ValidationFraction = 0 });
        Assert.Equal(4, folder.Train.Classes.Count);
        Assert.All(folder.Train.Classes, c => Assert.Equal(3, c.Count));

        var first = File.ReadAllBytes(Path.Combine(output, "strokes-01-01", "U+4E00", "00.png"));
        File.Delete(Path.Combine(output, "strokes-03-01", "U+5E72", "01.png"));
        var again = GlyphDataset.Write(characters, licence, output, options);
        Assert.Equal(3, again.Resumed);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(output, "strokes-01-01", "U+4E00", "00.png")));
        Assert.True(File.Exists(Path.Combine(output, "strokes-03-01", "U+5E72", "01.png")));
    }

    [Fact]
    public void ChoosesCharactersEvenlyAndGroupsAlphabetsByStrokeCount()
    {
        var (characters, licence) = HanziWriterData.Read(Package());
        string output = Path.Combine(_dir, "two");
        var summary = GlyphDataset.Write(characters, licence, output, new GlyphOptions { Drawers = 1, ImageSize = 16, Characters = 2 });
        Assert.Equal(2, summary.Characters);
        Assert.Equal(["strokes-01-01", "strokes-02-01"], Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RefusesAFolderOfOtherFilesOrOtherSettings()
    {
        var (characters, licence) = HanziWriterData.Read(Package());
        string other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "mine");
        var e = Assert.Throws<IOException>(() => GlyphDataset.Write(characters, licence, other, new GlyphOptions { Drawers = 1 }));
        Assert.Contains("not empty", e.Message);

        string tree = Path.Combine(_dir, "tree");
        GlyphDataset.Write(characters, licence, tree, new GlyphOptions { Drawers = 1, ImageSize = 16 });
        var changed = Assert.Throws<IOException>(() => GlyphDataset.Write(characters, licence, tree, new GlyphOptions { Drawers = 2, ImageSize = 16 }));
        Assert.Contains("other settings", changed.Message);
    }

    [Fact]
    public void MalformedCharacterDataNamesTheFile()
    {
        string folder = Package();
        string bad = Path.Combine(folder, "干.json");
        File.WriteAllText(bad, """{"medians": [[[1]]]}""");
        var e = Assert.Throws<InvalidDataException>(() => HanziWriterData.Read(folder));
        Assert.Contains(bad, e.Message);

        string empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        Assert.Contains("no character data", Assert.Throws<InvalidDataException>(() => HanziWriterData.Read(empty)).Message);
        string garbage = Path.Combine(_dir, "garbage.tgz");
        File.WriteAllText(garbage, "not gzip");
        Assert.Throws<InvalidDataException>(() => HanziWriterData.Read(garbage));
    }
}
