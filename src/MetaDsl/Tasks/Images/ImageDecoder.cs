using SkiaSharp;

namespace MetaDsl.Tasks;

/// <summary>
/// Decodes PNG (any bit depth, palette, alpha, interlaced) and JPEG through SkiaSharp into square
/// planar images of a given size: grey (luma) or RGB, one byte per value, area-averaged down from
/// the decoded size. JPEG is downscaled while decoding where its codec can, so a large photograph
/// never costs its full size in memory.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Larger images are refused by name rather than decoded: about 200 MB as RGBA, per decoding thread.</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>File extensions read as images, compared case-insensitively.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Whether <paramref name="path"/> names a file this decoder reads, by its extension in any case.</summary>
    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Decodes the file at <paramref name="path"/>; see <see cref="Decode(ReadOnlySpan{byte}, string, int, int)"/>.</summary>
    public static byte[] Decode(string path, int size, int channels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The image '{path}' cannot be read: {e.Message}", e);
        }
        return Decode(bytes, path, size, channels);
    }

    /// <summary>
    /// Decodes an encoded image into <paramref name="channels"/> planes (1: luma, 3: R, G, B) of
    /// <paramref name="size"/> × <paramref name="size"/> bytes, row-major, plane after plane.
    /// Transparent pixels are composited over white. Throws <see cref="InvalidDataException"/> naming
    /// <paramref name="name"/> for data that is not an image, is truncated or corrupt, or is too large.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> encoded, string name, int size, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images are decoded to 1 (grey) or 3 (RGB) channels.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"'{name}' is not a PNG or JPEG image (or its header is corrupt).");
        var full = codec.Info;
        if (full.Width < 1 || full.Height < 1 || (long)full.Width * full.Height > MaxPixels)
            throw new InvalidDataException($"'{name}' is {full.Width}x{full.Height} pixels; images of more than {MaxPixels:N0} pixels are refused.");

        // The smallest size the codec can decode to that is still no smaller than the target (JPEG: 1/2, 1/4, 1/8).
        var scaled = codec.GetScaledDimensions((float)Math.Min(1.0, (double)size / Math.Min(full.Width, full.Height)));
        if (scaled.Width < size || scaled.Height < size) scaled = new SKSizeI(full.Width, full.Height);
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"'{name}' could not be decoded ({Describe(result)}).");
        return Resample(bitmap.GetPixelSpan(), scaled.Width, scaled.Height, size, channels);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "truncated or corrupt data",
        SKCodecResult.InvalidScale or SKCodecResult.InvalidConversion => "a form the decoder cannot convert",
        _ => result.ToString(),
    };

    /// <summary>RGBA bytes to planes, composited over white, then area-averaged to the target size.</summary>
    private static byte[] Resample(ReadOnlySpan<byte> rgba, int width, int height, int size, int channels)
    {
        var output = new byte[channels * size * size];
        var plane = new float[width * height];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane.Length; i++)
            {
                var p = rgba.Slice(4 * i, 4);
                double alpha = p[3] / 255.0;
                double value = channels == 1 ? 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] : p[c];
                plane[i] = (float)((value * alpha + 255 * (1 - alpha)) / 255);
            }
            var resized = ImageResize.Area(new GreyImage(width, height, plane), size, size).Pixels;
            var target = output.AsSpan(c * size * size, size * size);
            for (int i = 0; i < target.Length; i++) target[i] = (byte)Math.Clamp(Math.Round(resized[i] * 255), 0, 255);
        }
        return output;
    }
}
