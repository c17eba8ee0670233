using MetaDsl.Tasks;
using MetaDsl.Tests.Training;
using Xunit;

namespace MetaDsl.Tests.Tasks;

/// <summary>Reading IDX files and Fashion-MNIST's folder, shrinking its images, and drawing image-subset tasks.</summary>
public sealed class FashionMnistTests : IDisposable
{
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("a.idx")]
    [InlineData("a.idx.gz")]
    public void AnIdxFileReadsBackItsDimensionsAndValues(string name)
    {
        var path = Path.Combine(_directory, name);
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 11)).ToArray();
        IdxFiles.Write(path, [2, 3, 4], values);

        var (dims, read) = IdxFile.Read(path);

        Assert.Equal([2, 3, 4], dims);
        Assert.Equal(values, read);
    }

    [Fact]
    public void ATruncatedOrForeignFileIsRefusedNamingIt()
    {
        var truncated = Path.Combine(_directory, "short.idx");
        IdxFiles.Write(truncated, [10, 10], new byte[50]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(truncated));
        Assert.Contains("short.idx", error.Message);
        Assert.Contains("ends after 50 of the 100 bytes", error.Message);

        var foreign = Path.Combine(_directory, "floats.idx");
        File.WriteAllBytes(foreign, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(foreign));
        Assert.Contains("floats.idx", error.Message);
        Assert.Contains("not an unsigned-byte IDX file", error.Message);
    }

    [Fact]
    public void ShrinkingAveragesTheAreaEachPixelCovers()
    {
        // A 28×28 image whose left half is white: shrunk to 8×8 (3.5 source pixels each), columns
        // 0–3 are white, 4–7 black, and the total brightness is kept.
        var source = new byte[28 * 28];
        for (int y = 0; y < 28; y++) source.AsSpan(y * 28, 14).Fill(255);
        var target = new float[64];
        FashionMnist.Shrink(source, 28, target, 8);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                Assert.Equal(x < 4 ? 1f : 0f, target[y * 8 + x], 1e-6f);

        // One bright pixel at (3, 0) straddles output columns 0 (source 0–3.5) and 1 (3.5–7): half in each.
        Array.Clear(source);
        source[3] = 255;
        FashionMnist.Shrink(source, 28, target, 8);
        Assert.Equal(0.5f / 12.25f, target[0], 1e-6f);
        Assert.Equal(0.5f / 12.25f, target[1], 1e-6f);
        Assert.Equal(1f / 12.25f, target.Sum(), 1e-6f);
    }

    [Fact]
    public void TheFolderLoadsBothSplitsShrunk()
    {
        var folder = IdxFiles.FashionFolder(_directory, train: 30, test: 12);

        var data = FashionMnist.Load(folder, side: 8);

        Assert.Equal(30, data.Train.Count);
        Assert.Equal(12, data.Test.Count);
        Assert.Equal(8, data.Train.Side);
        Assert.All(data.Train.Image(7).ToArray(), v => Assert.Equal(21 / 255f, v, 1e-6f));
        Assert.Equal(7, data.Train.Labels[7]);
        Assert.Equal(3, data.Test.Labels[3]);
    }

    [Fact]
    public void AMissingFolderSaysHowToInstallTheData()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Path.Combine(_directory, "nowhere")));
        Assert.Contains("scripts/get-fashion-mnist", error.Message);
        Assert.Contains("train-images-idx3-ubyte", error.Message);
    }

    [Fact]
    public void ALabelBeyondTheTenClassesIsRefused()
    {
        var folder = IdxFiles.FashionFolder(_directory, train: 4, test: 2);
        IdxFiles.Write(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), [2], [1, 10]);
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder));
        Assert.Contains("image 1 label 10", error.Message);
    }

    [Fact]
    public void ASubsetTaskCopiesImagesWithTheirLabelsAndIsAFunctionOfTheStream()
    {
        var data = FashionMnist.Load(IdxFiles.FashionFolder(_directory, train: 40, test: 20), side: 4);
        var sampler = new ImageSubsetSampler<double>(data.Train, data.Test, supportSize: 9, querySize: 5);
        var task = sampler.Allocate();
        var rng = new SplitMix64(42);
        sampler.Sample(ref rng, task);

        for (int row = 0; row < 9; row++)
        {
            // Every image is uniform, 3·i / 255 with label i mod 10: the row names its image.
            double value = task.Support[0].Data[row * 16];
            int image = (int)Math.Round(value * 255 / 3);
            Assert.Equal(image % 10, task.Support[1].Data[row]);
            Assert.All(task.Support[0].Data.AsSpan(row * 16, 16).ToArray(), v => Assert.Equal(value, v));
        }
        Assert.All(task.Query[0].Data, v => Assert.True(v <= 3 * 19 / 255.0 + 1e-6, "query images come from the 20 test images"));

        var again = sampler.Allocate();
        var same = new SplitMix64(42);
        sampler.Sample(ref same, again);
        Assert.Equal(task.Support[0].Data, again.Support[0].Data);
        Assert.Equal(task.Query[1].Data, again.Query[1].Data);
    }
}
