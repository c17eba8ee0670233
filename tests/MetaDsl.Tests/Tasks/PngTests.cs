using MetaDsl.Tasks;

namespace MetaDsl.Tests.Tasks;

public sealed class PngTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 37 + seed * 101 + i * i) % 256)).ToArray();

    [Fact]
    public void GreyRoundTripsThroughWriter()
    {
        var pixels = Pattern(13 * 7, 1);
        string path = Path.Combine(_dir, "grey.png");
        PngWriter.WriteGrey(path, 13, 7, pixels);
        var image = PngDecoder.DecodeGrey(path);
        Assert.Equal(13, image.Width);
        Assert.Equal(7, image.Height);
        Assert.Equal(pixels.Select(p => p / 255f), image.Pixels);
    }

    [Fact]
    public void RgbRoundTripsThroughWriterAsLuma()
    {
        var rgb = Pattern(9 * 5 * 3, 2);
        var image = PngDecoder.DecodeGrey(PngWriter.EncodeRgb(9, 5, rgb), "rgb.png");
        for (int i = 0; i < 45; i++)
            Assert.Equal((0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]) / 255, image.Pixels[i], 5);
    }

    [Fact]
    public void GreyImageWriterClampsAndRounds()
    {
        string path = Path.Combine(_dir, "image.png");
        PngWriter.WriteGrey(path, new GreyImage(2, 1, [-0.5f, 0.502f]));
        Assert.Equal([0f, 128 / 255f], PngDecoder.DecodeGrey(path).Pixels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DecodesEachFilterTypeInRgba(byte filter)
    {
        const int w = 6, h = 4;
        var rows = Enumerable.Range(0, h).Select(r => Pattern(w * 4, r + 10)).ToArray();
        // Every row uses the filter under test, except that mixing in the others checks row-to-row state.
        var types = Enumerable.Range(0, h).Select(r => r % 2 == 0 ? filter : (byte)((filter + r) % 5)).ToArray();
        var png = PngBuilder.Build(w, h, 8, 6, PngBuilder.Filter(rows, types, 4));
        var image = PngDecoder.DecodeGrey(png, "rgba.png");
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                var p = rows[y].AsSpan(4 * x, 4);
                double luma = (0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) / 255;
                double expected = (luma * p[3] + (255 - p[3])) / 255;
                Assert.Equal(expected, image[x, y], 5);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void DecodesGreyAndGreyAlphaWithFilters(byte filter)
    {
        var grey = Pattern(5 * 3, 4);
        var rows = Enumerable.Range(0, 3).Select(r => grey.AsSpan(r * 5, 5).ToArray()).ToArray();
        var image = PngDecoder.DecodeGrey(PngBuilder.Build(5, 3, 8, 0, PngBuilder.Filter(rows, [filter, filter, filter], 1)), "g.png");
        Assert.Equal(grey.Select(v => v / 255f), image.Pixels);

        var ga = rows.Select(r => r.SelectMany(v => new byte[] { v, 255 }).ToArray()).ToArray();
        ga[0][1] = 0; // The first pixel fully transparent: composited over white.
        var image2 = PngDecoder.DecodeGrey(PngBuilder.Build(5, 3, 8, 4, PngBuilder.Filter(ga, [filter, filter, filter], 2)), "ga.png");
        Assert.Equal(1f, image2.Pixels[0]);
        Assert.Equal(grey.Skip(1).Select(v => v / 255f), image2.Pixels.Skip(1));
    }

    [Fact]
    public void DecodesOneBitGreyLikeOmniglot()
    {
        // 10 pixels per row: two bytes, the last six bits padding.
        byte[][] rows = [[0b1011_0011, 0b0100_0000], [0b0000_0000, 0b1100_0000]];
        var image = PngDecoder.DecodeGrey(PngBuilder.Build(10, 2, 1, 0, PngBuilder.Filter(rows, [0, 2], 1)), "omniglot.png");
        Assert.Equal([1f, 0, 1, 1, 0, 0, 1, 1, 0, 1], image.Pixels[..10]);
        Assert.Equal([0f, 0, 0, 0, 0, 0, 0, 0, 1, 1], image.Pixels[10..]);
    }

    [Fact]
    public void DecodesPaletteImages()
    {
        byte[] palette = [0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255];
        // 8-bit indices, then 2-bit indices packed four per byte.
        var eight = PngDecoder.DecodeGrey(PngBuilder.Build(4, 1, 8, 3, PngBuilder.Filter([[0, 1, 2, 3]], [1], 1), palette), "p8.png");
        var two = PngDecoder.DecodeGrey(PngBuilder.Build(4, 1, 2, 3, [0, 0b00_01_10_11], palette), "p2.png");
        float[] expected = [0f, 1f, 0.299f, 0.114f];
        Assert.Equal(expected, eight.Pixels, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(expected, two.Pixels, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void BadCrcNamesTheFileAndChunk()
    {
        var png = PngWriter.EncodeGrey(4, 4, Pattern(16, 3));
        png[45] ^= 0xFF; // inside the IDAT chunk's data (it starts at byte 41)
        var e = Assert.Throws<InvalidDataException>(() => PngDecoder.DecodeGrey(png, "/data/broken.png"));
        Assert.Contains("/data/broken.png", e.Message);
        Assert.Contains("CRC mismatch in chunk IDAT", e.Message);
    }

    [Fact]
    public void TruncatedFileNamesTheFile()
    {
        string path = Path.Combine(_dir, "cut.png");
        File.WriteAllBytes(path, PngWriter.EncodeGrey(4, 4, Pattern(16, 3))[..45]);
        var e = Assert.Throws<InvalidDataException>(() => PngDecoder.DecodeGrey(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("interlaced")]
    [InlineData("filter")]
    [InlineData("palette-index")]
    [InlineData("short-data")]
    [InlineData("sixteen")]
    public void MalformedFilesGiveClearErrors(string problem)
    {
        var (png, expected) = problem switch
        {
            "signature" => ("GIF89a-not-a-png"u8.ToArray(), "PNG signature"),
            "interlaced" => (PngBuilder.Build(2, 2, 8, 0, new byte[6], interlace: 1), "interlaced"),
            "filter" => (PngBuilder.Build(2, 1, 8, 0, [7, 1, 2]), "unknown filter type 7"),
            "palette-index" => (PngBuilder.Build(2, 1, 8, 3, [0, 0, 5], [1, 2, 3]), "palette index 5"),
            "short-data" => (PngBuilder.Build(4, 4, 8, 0, new byte[10]), "truncated"),
            _ => (PngBuilder.Build(1, 1, 16, 0, new byte[3]), "16-bit"),
        };
        var e = Assert.Throws<InvalidDataException>(() => PngDecoder.DecodeGrey(png, "bad.png"));
        Assert.Contains("'bad.png'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AreaResizeAveragesBlocksAndKeepsConstants()
    {
        var image = new GreyImage(4, 2, [0, 1, 0.5f, 0.5f, 1, 0, 0.25f, 0.75f]);
        var small = ImageResize.Area(image, 2, 1);
        Assert.Equal([0.5f, 0.5f], small.Pixels);
        var flat = ImageResize.Area(new GreyImage(7, 5, Enumerable.Repeat(0.3f, 35).ToArray()), 3, 4);
        Assert.All(flat.Pixels, v => Assert.Equal(0.3f, v, 5));
    }

    [Fact]
    public void RotateTurnsCounterClockwise()
    {
        // 2 x 3: rows [a b], [c d], [e f].
        var image = new GreyImage(2, 3, [1, 2, 3, 4, 5, 6]);
        var turned = image.Rotate(1);
        Assert.Equal((3, 2), (turned.Width, turned.Height));
        Assert.Equal([2f, 4, 6, 1, 3, 5], turned.Pixels);
        Assert.Equal(image.Pixels, image.Rotate(4).Pixels);
        Assert.Equal(image.Rotate(-1).Pixels, image.Rotate(3).Pixels);
    }
}
