using MetaDsl.Tasks;
using SkiaSharp;

namespace MetaDsl.Tests.Tasks;

/// <summary>miniImageNet's two layouts (CSV splits and split folders) on small JPEGs made here, and their errors.</summary>
public sealed class MiniImageNetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metadsl-mini-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Class c's images are a flat colour: red c·40, green 200 - c·40, blue 100.</summary>
    private static void WriteJpeg(string path, int c)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(50, 40, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor((byte)(c * 40), (byte)(200 - c * 40), 100));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    private void WriteCsvLayout(int classesPerSplit = 2, int images = 3)
    {
        int c = 0;
        foreach (var split in MiniImageNetFolder.Splits)
        {
            var lines = new List<string> { "filename,label" };
            for (int k = 0; k < classesPerSplit; k++, c++)
                for (int i = 0; i < images; i++)
                {
                    string file = $"n{c:000}{i:0000}.jpg";
                    WriteJpeg(Path.Combine(_root, "images", file), c);
                    lines.Add($"{file},n{c:000}");
                }
            File.WriteAllLines(Path.Combine(_root, split + ".csv"), lines);
        }
    }

    [Fact]
    public void ReadsCsvSplitsAndDecodesRgb()
    {
        WriteCsvLayout();
        var folder = MiniImageNetFolder.Open(_root);
        Assert.Equal((2, 6), folder.Counts["test"]);
        var test = folder.Load("test", imageSize: 12);
        Assert.Equal(["n004", "n005"], test.Classes.Select(c => c.Name));
        Assert.Equal(3 * 12 * 12, test.Features);
        var image = new float[test.Features];
        test.Classes[1].CopyTo<float>(2, image);
        // Class 5: red 200, green 0, blue 100, each plane flat (JPEG keeps a flat colour within a few levels).
        Assert.All(image[..144], v => Assert.Equal(200 / 255f, v, 0.03f));
        Assert.All(image[144..288], v => Assert.Equal(0f, v, 0.03f));
        Assert.All(image[288..], v => Assert.Equal(100 / 255f, v, 0.03f));

        var sampler = new ImageClassSampler<float>(folder.Load("train", imageSize: 12), ways: 2, shots: 1, queriesPerClass: 2);
        var task = sampler.Allocate();
        var rng = new SplitMix64(1);
        sampler.Sample(ref rng, task);
        Assert.Equal([2, 3 * 12 * 12], task.Support[0].Shape);
    }

    [Fact]
    public void ReadsSplitFoldersAndExtensionsInAnyCase()
    {
        WriteJpeg(Path.Combine(_root, "train", "n01", "a.JPEG"), 1);
        WriteJpeg(Path.Combine(_root, "train", "n01", "b.jpg"), 1);
        WriteJpeg(Path.Combine(_root, "train", "n02", "c.Jpg"), 2);
        var folder = MiniImageNetFolder.Open(_root);
        Assert.Equal((2, 3), folder.Counts["train"]);
        Assert.False(folder.Counts.ContainsKey("val"));
        var e = Assert.Throws<ArgumentException>(() => folder.Load("val"));
        Assert.Contains("has no val split", e.Message);
    }

    [Fact]
    public void ACsvNamingAMissingImageIsReportedBeforeDecoding()
    {
        WriteCsvLayout();
        File.AppendAllLines(Path.Combine(_root, "val.csv"), ["ghost.jpg,n002"]);
        var e = Assert.Throws<InvalidDataException>(() => MiniImageNetFolder.Open(_root));
        Assert.Contains("val.csv' line 8 names 'ghost.jpg'", e.Message);
    }

    [Fact]
    public void MalformedRowsAndOtherLayoutsAreReported()
    {
        Assert.Contains("not in miniImageNet's layout", Assert.Throws<InvalidDataException>(() => MiniImageNetFolder.Open(_root)).Message);
        File.WriteAllLines(Path.Combine(_root, "train.csv"), ["filename,label", "just-one-field"]);
        var e = Assert.Throws<InvalidDataException>(() => MiniImageNetFolder.Open(_root));
        Assert.Contains("line 2: expected 'filename,label'", e.Message);
    }

    [Fact]
    public void AnUnreadableImageIsNamed()
    {
        WriteCsvLayout();
        string bad = Path.Combine(_root, "images", "n0000001.jpg");
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..40]);
        var folder = MiniImageNetFolder.Open(_root);
        var e = Assert.Throws<InvalidDataException>(() => folder.Load("train", imageSize: 12));
        Assert.Contains(bad, e.Message);
    }
}
