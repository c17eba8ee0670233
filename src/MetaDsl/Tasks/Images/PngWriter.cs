using MetaDsl.Checkpoints;
using SkiaSharp;

namespace MetaDsl.Tasks;

/// <summary>
/// Writes 8-bit grey and RGB PNGs through SkiaSharp (rendered glyph data, test images). Files are
/// written atomically through <see cref="AtomicFile"/>.
/// </summary>
public static class PngWriter
{
    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> grey bytes (row-major, 0 black).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the pixel count.</exception>
    public static byte[] EncodeGrey(int width, int height, ReadOnlySpan<byte> pixels) => Encode(width, height, 1, pixels);

    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> RGB triples (row-major).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the byte count.</exception>
    public static byte[] EncodeRgb(int width, int height, ReadOnlySpan<byte> rgb) => Encode(width, height, 3, rgb);

    /// <summary>Writes an 8-bit grey PNG to <paramref name="path"/>.</summary>
    public static void WriteGrey(string path, int width, int height, ReadOnlySpan<byte> pixels) => Write(path, EncodeGrey(width, height, pixels));

    /// <summary>Writes an 8-bit RGB PNG to <paramref name="path"/>.</summary>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb) => Write(path, EncodeRgb(width, height, rgb));

    /// <summary>Writes <paramref name="image"/> as an 8-bit grey PNG, clamping values to [0, 1] and rounding.</summary>
    public static void WriteGrey(string path, GreyImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = new byte[image.Pixels.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Round(Math.Clamp(image.Pixels[i], 0f, 1f) * 255f);
        WriteGrey(path, image.Width, image.Height, bytes);
    }

    private static void Write(string path, byte[] png) => AtomicFile.Write(path, stream => stream.Write(png));

    private static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int stride = checked(width * channels);
        if ((long)stride * height != samples.Length)
            throw new ArgumentException($"A {width}x{height} image with {channels} channel(s) needs {(long)stride * height} bytes but {samples.Length} were given.", nameof(samples));
        // Skia has no packed RGB colour type: RGB goes in as opaque RGBA and is written as RGB.
        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var pixels = bitmap.GetPixelSpan();
        if (channels == 1)
            samples.CopyTo(pixels);
        else
            for (int i = 0; i < width * height; i++)
            {
                samples.Slice(3 * i, 3).CopyTo(pixels.Slice(4 * i, 3));
                pixels[4 * i + 3] = 255;
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {width}x{height} PNG.");
        return data.ToArray();
    }
}
