using MetaDsl.Tasks;

namespace MetaDsl.Tests.Tasks;

public sealed class OmniglotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metadsl-omniglot-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>2 alphabets × 5 characters × 4 images of 12×12; each image is a distinct flat grey so it can be recognised.</summary>
    private void WriteTree(int alphabets = 2, int characters = 5, int images = 4)
    {
        for (int a = 0; a < alphabets; a++)
            for (int c = 0; c < characters; c++)
            {
                string dir = Path.Combine(_root, $"Alphabet_{a}", $"character{c + 1:00}");
                Directory.CreateDirectory(dir);
                for (int i = 0; i < images; i++)
                {
                    var pixels = new byte[144];
                    Array.Fill(pixels, (byte)(10 * (a * characters + c) + i));
                    pixels[0] = 255; // A marked corner makes rotations observable.
                    PngWriter.WriteGrey(Path.Combine(dir, $"{i:000}.png"), 12, 12, pixels);
                }
            }
    }

    [Fact]
    public void LoadsClassesSplitsAndRotations()
    {
        WriteTree();
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 6, Rotations = true, TrainFraction = 0.6, ValidationFraction = 0.2, Seed = 3 });
        Assert.Equal(6 * 4, folder.Train.Classes.Count);
        Assert.Equal(2 * 4, folder.Validation.Classes.Count);
        Assert.Equal(2 * 4, folder.Test.Classes.Count);
        var characters = new[] { folder.Train, folder.Validation, folder.Test }
            .SelectMany(s => s.Classes.Where(c => c.QuarterTurns == 0).Select(c => c.Name)).ToList();
        Assert.Equal(10, characters.Distinct().Count());
        // Rotations stay in their character's split.
        foreach (var split in new[] { folder.Train, folder.Validation, folder.Test })
            foreach (var c in split.Classes.Where(c => c.QuarterTurns != 0))
                Assert.Contains(split.Classes, b => b.QuarterTurns == 0 && c.Name.StartsWith(b.Name + "@"));
        Assert.Contains(folder.Train.Classes, c => c.Name.EndsWith("@270"));

        var again = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 6, Rotations = true, TrainFraction = 0.6, ValidationFraction = 0.2, Seed = 3 });
        Assert.Equal(folder.Test.Classes.Select(c => c.Name), again.Test.Classes.Select(c => c.Name));
        var other = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 6, TrainFraction = 0.6, ValidationFraction = 0.2, Seed = 4 });
        Assert.NotEqual(folder.Train.Classes.Where(c => c.QuarterTurns == 0).Select(c => c.Name), other.Train.Classes.Select(c => c.Name));
    }

    [Fact]
    public void ImagesAreResizedAndRotatedClassesMatchGreyImageRotate()
    {
        WriteTree(1, 1, 2);
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 6, Rotations = true, TrainFraction = 1, ValidationFraction = 0 });
        var plain = folder.Train.Classes[0];
        Assert.Equal("Alphabet_0/character01", plain.Name);
        var image = new float[36];
        plain.CopyTo<float>(1, image);
        // The 12x12 source downsamples 2x2 blocks: the marked corner averages with three plain pixels,
        // and is kept as a byte, within one level of the exact mean.
        Assert.Equal((255 + 3 * 1) / 4f / 255f, image[0], 1 / 255f);
        Assert.Equal(1 / 255f, image[35], 5);
        var source = new GreyImage(6, 6, image);
        for (int turns = 1; turns < 4; turns++)
        {
            var rotated = new float[36];
            folder.Train.Classes[turns].CopyTo<float>(1, rotated);
            Assert.Equal(source.Rotate(turns).Pixels, rotated);
        }
    }

    [Fact]
    public void ImageSamplerDrawsDistinctClassesAndImagesReproducibly()
    {
        WriteTree();
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 4, TrainFraction = 1, ValidationFraction = 0 });
        var sampler = new ImageClassSampler<double>(folder.Train, ways: 5, shots: 1, queriesPerClass: 3);
        var task = sampler.Allocate();
        Assert.Equal([5, 16], task.Support[0].Shape);
        Assert.Equal([15], task.Query[1].Shape);
        var rng = new SplitMix64(8);
        sampler.Sample(ref rng, task);
        // Every image is a flat grey 10·class + index (bar its corner), so pixel 5 identifies it.
        var ids = new List<int>();
        for (int c = 0; c < 5; c++)
        {
            var cls = new HashSet<int>();
            for (int i = 0; i < 4; i++)
            {
                var x = i == 0 ? task.Support[0].Data.AsSpan(c * 16, 16) : task.Query[0].Data.AsSpan((c * 3 + i - 1) * 16, 16);
                int id = (int)Math.Round(x[5] * 255);
                cls.Add(id / 10);
                ids.Add(id);
            }
            Assert.Single(cls);
            Assert.Equal(c, (int)task.Support[1].Data[c]);
        }
        Assert.Equal(20, ids.Distinct().Count());

        var rng2 = new SplitMix64(8);
        var task2 = sampler.Allocate();
        sampler.Sample(ref rng2, task2);
        Assert.Equal(task.Query[0].Data, task2.Query[0].Data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sampler.Sample(ref rng2, task2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void EmptyFolderSaysItHasNoClasses()
    {
        Directory.CreateDirectory(Path.Combine(_root, "lonely_alphabet"));
        var e = Assert.Throws<InvalidDataException>(() => OmniglotFolder.Load(_root));
        Assert.Contains(_root, e.Message);
        Assert.Contains("no classes", e.Message);
    }

    [Fact]
    public void MissingRootIsReported()
    {
        string missing = Path.Combine(_root, "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => OmniglotFolder.Load(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void CorruptImageErrorNamesTheFile()
    {
        WriteTree(1, 2, 2);
        string bad = Path.Combine(_root, "Alphabet_0", "character02", "001.png");
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..30]);
        var e = Assert.Throws<InvalidDataException>(() => OmniglotFolder.Load(_root));
        Assert.Contains(bad, e.Message);
    }

    [Fact]
    public void ExtensionsMatchInAnyCaseAndOtherFilesAreIgnored()
    {
        WriteTree(1, 1, 3);
        string dir = Path.Combine(_root, "Alphabet_0", "character01");
        File.Move(Path.Combine(dir, "000.png"), Path.Combine(dir, "000.PNG"));
        File.Move(Path.Combine(dir, "001.png"), Path.Combine(dir, "001.Png"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 4, TrainFraction = 1, ValidationFraction = 0 });
        Assert.Equal(3, folder.Train.Classes.Single().Count);
    }

    [Fact]
    public void TooFewImagesOrClassesAreReportedWithCounts()
    {
        WriteTree(1, 3, 4);
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 4, TrainFraction = 1, ValidationFraction = 0 });
        var images = Assert.Throws<ArgumentException>(() => new ImageClassSampler<float>(folder.Train, 2, 3, 2));
        Assert.Contains("has 4 images, fewer than shots + queries = 3 + 2 = 5", images.Message);
        Assert.Contains(Path.Combine(_root, "Alphabet_0", "character01"), images.Message);
        var classes = Assert.Throws<ArgumentException>(() => new ImageClassSampler<float>(folder.Train, 5, 1, 1));
        Assert.Contains("has 3 classes, fewer than the 5 ways", classes.Message);
        Assert.Contains(_root, classes.Message);
    }

    [Fact]
    public void ImageTasksMixUnderMlti()
    {
        WriteTree();
        var folder = OmniglotFolder.Load(_root, new OmniglotOptions { ImageSize = 4, TrainFraction = 1, ValidationFraction = 0 });
        var mlti = new Mlti<float>(new ImageClassSampler<float>(folder.Train, 3, 2, 2));
        var task = mlti.Allocate();
        var rng = new SplitMix64(1);
        mlti.Sample(ref rng, task);
        Assert.Equal([0f, 0, 1, 1, 2, 2], task.Support[1].Data);
        Assert.All(task.Support[0].Data, v => Assert.InRange(v, 0f, 1f));
    }
}
