using MetaDsl.Tasks;
using SkiaSharp;

namespace MetaDsl.Tests.Tasks;

/// <summary>
/// Decoding through SkiaSharp: PNGs built by hand in every form the format allows, JPEGs, resizing,
/// and the errors a broken file gives.
/// </summary>
public sealed class ImageDecoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 37 + seed * 101 + i * i) % 256)).ToArray();

    private static byte[][] Rows(byte[] pixels, int width) => pixels.Chunk(width).ToArray();

    [Fact]
    public void GreyRoundTripsThroughTheWriter()
    {
        var pixels = Pattern(7 * 7, 1);
        string path = Path.Combine(_dir, "grey.png");
        PngWriter.WriteGrey(path, 7, 7, pixels);
        Assert.Equal(pixels, ImageDecoder.Decode(path, 7, 1));
    }

    [Fact]
    public void RgbDecodesToPlanesOrToLuma()
    {
        var rgb = Pattern(5 * 5 * 3, 2);
        var png = PngWriter.EncodeRgb(5, 5, rgb);
        var planes = ImageDecoder.Decode(png, "rgb.png", 5, 3);
        for (int i = 0; i < 25; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(rgb[3 * i + c], planes[c * 25 + i]);
        var grey = ImageDecoder.Decode(png, "rgb.png", 5, 1);
        for (int i = 0; i < 25; i++)
            Assert.Equal(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2], grey[i], 0.51);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DecodesEachFilterTypeInRgbaCompositedOverWhite(byte filter)
    {
        const int w = 4;
        var rows = Enumerable.Range(0, w).Select(r => Pattern(w * 4, r + 10)).ToArray();
        var types = Enumerable.Range(0, w).Select(r => r % 2 == 0 ? filter : (byte)((filter + r) % 5)).ToArray();
        var grey = ImageDecoder.Decode(PngBuilder.Build(w, w, 8, 6, PngBuilder.Filter(rows, types, 4)), "rgba.png", w, 1);
        for (int y = 0; y < w; y++)
        {
            for (int x = 0; x < w; x++)
            {
                var p = rows[y].AsSpan(4 * x, 4);
                double luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
                Assert.Equal((luma * p[3] + 255.0 * (255 - p[3])) / 255, grey[y * w + x], 1.01);
            }
        }
    }

    [Fact]
    public void DecodesGreyAlphaOverWhite()
    {
        var grey = Pattern(4 * 4, 4);
        var ga = Rows(grey, 4).Select(r => r.SelectMany(v => new byte[] { v, 255 }).ToArray()).ToArray();
        ga[0][1] = 0;
        var decoded = ImageDecoder.Decode(PngBuilder.Build(4, 4, 8, 4, PngBuilder.Filter(ga, [1, 2, 3, 4], 2)), "ga.png", 4, 1);
        Assert.Equal(255, decoded[0]);
        Assert.Equal(grey[1..], decoded[1..]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    public void DecodesEveryGreyBitDepth(byte depth)
    {
        const int w = 8;
        int levels = depth == 16 ? 65536 : 1 << depth;
        var samples = Enumerable.Range(0, w * w).Select(i => (i * 7919) % levels).ToArray();
        var rows = new byte[w][];
        for (int y = 0; y < w; y++)
        {
            var row = new List<byte>();
            if (depth == 16)
                foreach (var s in samples.Skip(y * w).Take(w)) row.AddRange([(byte)(s >> 8), (byte)s]);
            else
                for (int x = 0; x < w; x += 8 / depth)
                {
                    int packed = 0;
                    for (int k = 0; k < 8 / depth; k++) packed = (packed << depth) | samples[y * w + x + k];
                    row.Add((byte)packed);
                }
            rows[y] = [.. row];
        }
        var decoded = ImageDecoder.Decode(PngBuilder.Build(w, w, depth, 0, PngBuilder.Filter(rows, new byte[w], depth == 16 ? 2 : 1)), "g.png", w, 1);
        // 16-bit samples keep their high byte, as libpng strips them.
        for (int i = 0; i < w * w; i++)
            Assert.Equal(255.0 * samples[i] / (levels - 1), decoded[i], depth == 16 ? 1.0 : 0.51);
    }

    [Fact]
    public void DecodesPaletteImagesOfEightAndTwoBits()
    {
        byte[] palette = [0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255];
        byte[][] indices = [[0, 1, 2, 3], [3, 2, 1, 0], [0, 0, 1, 1], [2, 2, 3, 3]];
        var eight = ImageDecoder.Decode(PngBuilder.Build(4, 4, 8, 3, PngBuilder.Filter(indices, [1, 0, 2, 0], 1), palette), "p8.png", 4, 3);
        var packed = indices.Select(r => new byte[] { (byte)(r[0] << 6 | r[1] << 4 | r[2] << 2 | r[3]) }).ToArray();
        var two = ImageDecoder.Decode(PngBuilder.Build(4, 4, 2, 3, PngBuilder.Filter(packed, [0, 0, 0, 0], 1), palette), "p2.png", 4, 3);
        for (int i = 0; i < 16; i++)
        {
            int entry = indices[i / 4][i % 4];
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(palette[3 * entry + c], eight[c * 16 + i]);
                Assert.Equal(palette[3 * entry + c], two[c * 16 + i]);
            }
        }
    }

    [Fact]
    public void InterlacedEqualsPlain()
    {
        const int w = 11;
        var pixels = Pattern(w * w, 5);
        var plain = ImageDecoder.Decode(PngBuilder.Build(w, w, 8, 0, PngBuilder.Filter(Rows(pixels, w), new byte[w], 1)), "plain.png", w, 1);
        var interlaced = ImageDecoder.Decode(PngBuilder.Build(w, w, 8, 0, PngBuilder.Adam7(Rows(pixels, w)), interlace: 1), "adam7.png", w, 1);
        Assert.Equal(pixels, plain);
        Assert.Equal(pixels, interlaced);
    }

    [Fact]
    public void JpegDecodesCloseToItsSourceAndLargeOnesDownscale()
    {
        const int w = 400;
        using var bitmap = new SKBitmap(new SKImageInfo(w, w, SKColorType.Gray8, SKAlphaType.Opaque));
        var source = bitmap.GetPixelSpan();
        // Smooth content survives JPEG well: a radial ramp.
        for (int y = 0; y < w; y++)
            for (int x = 0; x < w; x++)
                source[y * w + x] = (byte)Math.Min(255, Math.Sqrt((x - 200.0) * (x - 200.0) + (y - 150.0) * (y - 150.0)));
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        string path = Path.Combine(_dir, "photo.JPG");
        File.WriteAllBytes(path, jpeg.ToArray());
        Assert.True(ImageDecoder.IsImage(path));

        var expected = ImageResize.Area(new GreyImage(w, w, source.ToArray().Select(b => b / 255f).ToArray()), 28, 28).Pixels;
        var decoded = ImageDecoder.Decode(path, 28, 1);
        for (int i = 0; i < decoded.Length; i++) Assert.Equal(expected[i] * 255, decoded[i], 4.0);
    }

    [Fact]
    public void NotAnImageNamesTheFile()
    {
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode("plain text, not an image at all"u8, "/data/odd.png", 4, 1));
        Assert.Contains("'/data/odd.png'", e.Message);
        Assert.Contains("not a PNG or JPEG", e.Message);
    }

    [Fact]
    public void TruncatedFileNamesTheFile()
    {
        string path = Path.Combine(_dir, "cut.png");
        File.WriteAllBytes(path, PngWriter.EncodeGrey(16, 16, Pattern(256, 3))[..60]);
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(path, 16, 1));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void CorruptDataNamesTheFile()
    {
        var png = PngBuilder.Build(8, 8, 8, 0, PngBuilder.Filter(Rows(Pattern(64, 6), 8), new byte[8], 1));
        int idat = IndexOf(png, "IDAT"u8);
        for (int i = idat + 4; i < idat + 12; i++) png[i] ^= 0x5A;
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(png, "bad.png", 8, 1));
        Assert.Contains("'bad.png'", e.Message);
    }

    [Fact]
    public void AbsurdSizesAreRefusedBeforeDecoding()
    {
        // The header claims 20,000 × 20,000; the data is a few bytes: nothing near 1.6 GB is allocated.
        var png = PngBuilder.Build(20_000, 20_000, 8, 0, new byte[3]);
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(png, "huge.png", 28, 1));
        Assert.Contains("'huge.png' is 20000x20000 pixels", e.Message);
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

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern) => data.AsSpan().IndexOf(pattern);
}
