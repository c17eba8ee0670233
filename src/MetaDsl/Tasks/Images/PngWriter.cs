using System.Buffers.Binary;
using System.IO.Compression;
using MetaDsl.Checkpoints;

namespace MetaDsl.Tasks;

/// <summary>
/// Writes 8-bit grey and RGB PNGs (for tests and plots). Each row gets the filter that minimizes
/// the sum of absolute filtered bytes, libpng's heuristic, so files stay small. Files are written
/// atomically through <see cref="AtomicFile"/>.
/// </summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> grey bytes (row-major, 0 black).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the pixel count.</exception>
    public static byte[] EncodeGrey(int width, int height, ReadOnlySpan<byte> pixels) => Encode(width, height, PngHeader.Grey, 1, pixels);

    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> RGB triples (row-major).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the byte count.</exception>
    public static byte[] EncodeRgb(int width, int height, ReadOnlySpan<byte> rgb) => Encode(width, height, PngHeader.Rgb, 3, rgb);

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

    private static byte[] Encode(int width, int height, int colorType, int channels, ReadOnlySpan<byte> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int stride = checked(width * channels);
        if ((long)stride * height != samples.Length)
            throw new ArgumentException($"A {width}x{height} image with {channels} channel(s) needs {(long)stride * height} bytes but {samples.Length} were given.", nameof(samples));
        var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;
        ihdr[9] = (byte)colorType;
        WriteChunk(output, "IHDR"u8, ihdr);
        WriteChunk(output, "IDAT"u8, Compress(samples, stride, height, channels));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> samples, int stride, int height, int bpp)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[stride];
            var best = new byte[stride + 1];
            var candidate = new byte[stride + 1];
            for (int y = 0; y < height; y++)
            {
                var row = samples.Slice(y * stride, stride);
                var previous = y > 0 ? samples.Slice((y - 1) * stride, stride) : zeros;
                long bestScore = long.MaxValue;
                for (byte type = PngFilters.None; type <= PngFilters.Paeth; type++)
                {
                    candidate[0] = type;
                    PngFilters.Filter(type, row, previous, bpp, candidate.AsSpan(1));
                    long score = 0;
                    for (int i = 1; i < candidate.Length; i++) score += Math.Abs((int)(sbyte)candidate[i]);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        (best, candidate) = (candidate, best);
                    }
                }
                zlib.Write(best);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(type, data));
        output.Write(word);
    }
}
