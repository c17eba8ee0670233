using System.Buffers.Binary;
using System.IO.Compression;

namespace MetaDsl.Tasks;

/// <summary>
/// Reads an unsigned-byte array in the IDX format of MNIST and Fashion-MNIST (big-endian header:
/// two zero bytes, type 0x08, the rank, then each dimension as a 32-bit count), plain or gzipped.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads <paramref name="path"/>; a file starting with gzip's magic bytes is decompressed on the fly.</summary>
    /// <returns>The dimensions and the values, row-major.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is not an unsigned-byte IDX header, or the data is shorter than it says; the file is named.</exception>
    public static (int[] Dims, byte[] Values) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        using Stream stream = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (e.InnerException is null && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' is not a readable gzip stream: {e.Message}", e);
        }
    }

    private static (int[] Dims, byte[] Values) Read(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        Fill(stream, header, path, "header");
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByte || header[3] is 0 or > 4)
            throw new InvalidDataException($"'{path}' is not an unsigned-byte IDX file: its header starts {Convert.ToHexString(header)} (expected 0000 08 and a rank of 1 to 4).");
        var dims = new int[header[3]];
        long count = 1;
        Span<byte> dim = stackalloc byte[4];
        for (int d = 0; d < dims.Length; d++)
        {
            Fill(stream, dim, path, $"dimension {d}");
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dim);
            if (size is 0 or > int.MaxValue) throw new InvalidDataException($"'{path}' declares dimension {d} as {size}.");
            dims[d] = (int)size;
            count *= size;
        }
        if (count > Array.MaxLength) throw new InvalidDataException($"'{path}' declares {count} values, more than an array holds.");
        var values = new byte[count];
        Fill(stream, values, path, $"data ({count} bytes for [{string.Join(", ", dims)}])");
        return (dims, values);
    }

    private static void Fill(Stream stream, Span<byte> buffer, string path, string what)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length) throw new InvalidDataException($"'{path}' ends after {read} of the {buffer.Length} bytes of its {what}.");
    }
}
