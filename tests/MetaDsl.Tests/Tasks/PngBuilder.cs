using System.Buffers.Binary;
using System.IO.Compression;

namespace MetaDsl.Tests.Tasks;

/// <summary>Builds PNG bytes by hand, independently of any library, for decoder tests: every bit depth, colour type and interlacing.</summary>
internal static class PngBuilder
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG of pre-filtered scanlines (each starting with its filter byte).</summary>
    public static byte[] Build(int width, int height, byte bitDepth, byte colorType, byte[] filteredScanlines, byte[]? palette = null, byte interlace = 0)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        ihdr[12] = interlace;
        var output = new MemoryStream();
        output.Write(Signature);
        Chunk(output, "IHDR", ihdr);
        if (palette is not null) Chunk(output, "PLTE", palette);
        var compressed = Zlib(filteredScanlines);
        // Split the data over two IDAT chunks to exercise concatenation.
        int half = compressed.Length / 2;
        // An ancillary chunk the decoder must skip.
        Chunk(output, "tEXt", "Comment\0hand-built"u8.ToArray());
        Chunk(output, "IDAT", compressed[..half]);
        Chunk(output, "IDAT", compressed[half..]);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    public static byte[] Zlib(byte[] data)
    {
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    public static void Chunk(Stream output, string type, byte[] data)
    {
        var word = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(typeBytes.Concat(data).ToArray()));
        output.Write(word);
    }

    /// <summary>Bitwise CRC-32 (no table), as in the PNG specification's annex.</summary>
    public static uint Crc(byte[] bytes)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    /// <summary>Filters raw scanlines with the given type per row, using the specification's formulas.</summary>
    public static byte[] Filter(byte[][] rows, byte[] types, int bpp)
    {
        var output = new List<byte>();
        var previous = new byte[rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            output.Add(types[r]);
            for (int i = 0; i < row.Length; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                int predicted = types[r] switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                output.Add((byte)(row[i] - predicted));
            }
            previous = row;
        }
        return [.. output];
    }

    /// <summary>
    /// The Adam7 passes of one-byte-per-pixel rows, each pass's rows unfiltered (type 0), for an
    /// interlaced PNG: pass p takes the pixels at (x0 + k·dx, y0 + j·dy).
    /// </summary>
    public static byte[] Adam7(byte[][] rows)
    {
        int height = rows.Length, width = rows[0].Length;
        (int X0, int Y0, int Dx, int Dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        var output = new List<byte>();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            if (x0 >= width || y0 >= height) continue;
            for (int y = y0; y < height; y += dy)
            {
                output.Add(0);
                for (int x = x0; x < width; x += dx) output.Add(rows[y][x]);
            }
        }
        return [.. output];
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
