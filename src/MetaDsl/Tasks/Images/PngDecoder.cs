using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MetaDsl.Tasks;

/// <summary>
/// Decodes PNG files to grey images in [0, 1]. Supports non-interlaced images with bit depth 8 in
/// grey, grey + alpha, RGB, RGBA and palette, plus 1, 2 and 4-bit grey and palette (Omniglot is
/// 1-bit grey). Colour becomes grey by ITU-R BT.601 luma; alpha is composited over white, how a page
/// shows a drawing; <c>tRNS</c> transparency is ignored. Every malformed file raises
/// <see cref="InvalidDataException"/> naming the file and what is wrong.
/// </summary>
public static class PngDecoder
{
    /// <summary>The largest image accepted, in pixels, so a corrupt header cannot request gigabytes.</summary>
    public const long MaxPixels = 1L << 26;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads and decodes the PNG file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed, supported PNG.</exception>
    public static GreyImage DecodeGrey(string path) => DecodeGrey(File.ReadAllBytes(path), path);

    /// <summary>Decodes PNG bytes; <paramref name="name"/> (a path) is what error messages call the file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed, supported PNG.</exception>
    public static GreyImage DecodeGrey(ReadOnlySpan<byte> png, string name)
    {
        var (header, palette, compressed) = ReadChunks(png, name);
        var raw = Inflate(compressed, header, name);
        Unfilter(raw, header, name);
        return ToGrey(raw, header, palette, name);
    }

    private static (PngHeader Header, byte[]? Palette, MemoryStream Idat) ReadChunks(ReadOnlySpan<byte> png, string name)
    {
        if (png.Length < Signature.Length)
            throw Error(name, $"the file is {png.Length} bytes, too short for a PNG signature");
        if (!png[..Signature.Length].SequenceEqual(Signature))
            throw Error(name, "it does not start with the PNG signature (not a PNG file)");
        PngHeader? header = null;
        byte[]? palette = null;
        var idat = new MemoryStream();
        bool inIdat = false, idatEnded = false;
        int pos = Signature.Length;
        while (true)
        {
            if (png.Length - pos < 12)
                throw Error(name, $"truncated: the file ends at byte {png.Length} before the IEND chunk");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            var typeBytes = png.Slice(pos + 4, 4);
            string type = ChunkType(typeBytes, pos, name);
            if (length > (uint)(png.Length - pos - 12))
                throw Error(name, $"truncated: chunk {type} at byte {pos} declares {length} data bytes but only {png.Length - pos - 12} remain");
            var data = png.Slice(pos + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            uint computed = PngCrc.Compute(typeBytes, data);
            if (stored != computed)
                throw Error(name, $"CRC mismatch in chunk {type} at byte {pos}: stored 0x{stored:X8}, computed 0x{computed:X8}");
            if (header is null && type != "IHDR")
                throw Error(name, $"the first chunk is {type}, expected IHDR");
            if (inIdat && type != "IDAT") idatEnded = true;
            switch (type)
            {
                case "IHDR":
                    if (header is not null) throw Error(name, $"a second IHDR chunk at byte {pos}");
                    header = PngHeader.Parse(data, name);
                    break;
                case "PLTE":
                    palette = ParsePalette(data, name);
                    break;
                case "IDAT":
                    if (idatEnded) throw Error(name, $"IDAT chunks are not consecutive (another at byte {pos})");
                    inIdat = true;
                    idat.Write(data);
                    break;
                case "IEND":
                    if (!inIdat) throw Error(name, "there is no IDAT chunk (no image data)");
                    if (header!.ColorType == PngHeader.Palette && palette is null)
                        throw Error(name, "a palette image has no PLTE chunk");
                    idat.Position = 0;
                    return (header, palette, idat);
                default:
                    // Ancillary chunks (lower-case first letter) may be skipped; critical ones may not.
                    if (char.IsAsciiLetterUpper(type[0]))
                        throw Error(name, $"unknown critical chunk {type} at byte {pos}");
                    break;
            }
            pos += 12 + (int)length;
        }
    }

    private static string ChunkType(ReadOnlySpan<byte> bytes, int pos, string name)
    {
        foreach (byte b in bytes)
            if (!char.IsAsciiLetter((char)b))
                throw Error(name, $"the chunk at byte {pos} has an invalid type (bytes {Convert.ToHexString(bytes)}); the file is corrupt or truncated");
        return Encoding.ASCII.GetString(bytes);
    }

    private static byte[] ParsePalette(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length == 0 || data.Length % 3 != 0 || data.Length > 256 * 3)
            throw Error(name, $"the PLTE chunk has {data.Length} bytes; expected 3 to 768 in a multiple of 3");
        return data.ToArray();
    }

    private static byte[] Inflate(MemoryStream compressed, PngHeader header, string name)
    {
        long expected = (long)header.Height * (header.Stride + 1);
        var raw = new byte[expected];
        int got;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            got = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"PNG '{name}': the zlib image data is corrupt ({e.Message}).", e);
        }
        if (got < raw.Length)
            throw Error(name, $"the image data is truncated: it inflates to {got} bytes, expected {expected} ({header.Height} rows of 1 + {header.Stride} bytes)");
        return raw;
    }

    private static void Unfilter(byte[] raw, PngHeader header, string name)
    {
        int stride = header.Stride;
        var zeros = new byte[stride];
        for (int y = 0; y < header.Height; y++)
        {
            int start = y * (stride + 1);
            byte type = raw[start];
            var row = raw.AsSpan(start + 1, stride);
            ReadOnlySpan<byte> previous = y > 0 ? raw.AsSpan(start - stride, stride) : zeros;
            if (!PngFilters.Unfilter(type, row, previous, header.BytesPerPixel))
                throw Error(name, $"row {y} has unknown filter type {type} (valid: 0 to 4)");
        }
    }

    private static GreyImage ToGrey(byte[] raw, PngHeader header, byte[]? palette, string name)
    {
        int w = header.Width, h = header.Height, stride = header.Stride, depth = header.BitDepth;
        var pixels = new float[(long)w * h];
        float maxSample = (1 << depth) - 1;
        for (int y = 0; y < h; y++)
        {
            var row = raw.AsSpan(y * (stride + 1) + 1, stride);
            var output = pixels.AsSpan(y * w, w);
            for (int x = 0; x < w; x++)
            {
                output[x] = header.ColorType switch
                {
                    PngHeader.Grey => Sample(row, x, depth) / maxSample,
                    PngHeader.Rgb => Luma(row[3 * x], row[3 * x + 1], row[3 * x + 2]),
                    PngHeader.Palette => PaletteGrey(palette!, Sample(row, x, depth), x, y, name),
                    PngHeader.GreyAlpha => OverWhite(row[2 * x] / 255f, row[2 * x + 1]),
                    _ => OverWhite(Luma(row[4 * x], row[4 * x + 1], row[4 * x + 2]), row[4 * x + 3]),
                };
            }
        }
        return new GreyImage(w, h, pixels);
    }

    /// <summary>Sample <paramref name="x"/> of a row packed at <paramref name="depth"/> bits, most significant bits first.</summary>
    private static int Sample(ReadOnlySpan<byte> row, int x, int depth)
    {
        if (depth == 8) return row[x];
        int bit = x * depth;
        return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }

    private static float PaletteGrey(byte[] palette, int index, int x, int y, string name)
    {
        if (3 * index + 2 >= palette.Length)
            throw Error(name, $"pixel ({x}, {y}) uses palette index {index} but the palette has {palette.Length / 3} entries");
        return Luma(palette[3 * index], palette[3 * index + 1], palette[3 * index + 2]);
    }

    private static float Luma(byte r, byte g, byte b) => (0.299f * r + 0.587f * g + 0.114f * b) / 255f;

    private static float OverWhite(float grey, byte alpha) => (grey * alpha + (255 - alpha)) / 255f;

    internal static InvalidDataException Error(string name, string what) => new($"PNG '{name}': {what}.");
}
