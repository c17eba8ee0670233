using System.Buffers.Binary;
using System.IO.Compression;

namespace MetaDsl.Tests.Tasks;

/// <summary>Writes IDX files and a Fashion-MNIST-layout folder of synthetic images, for tests that must not need the real data.</summary>
internal static class IdxFiles
{
    /// <summary>Writes an unsigned-byte IDX array, gzipped when the name ends in .gz.</summary>
    public static void Write(string path, int[] dims, byte[] values)
    {
        using var file = File.Create(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write([0, 0, 0x08, (byte)dims.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            stream.Write(dim);
        }
        stream.Write(values);
    }

    /// <summary>
    /// A folder with Fashion-MNIST's four gzipped files: <paramref name="train"/> and <paramref name="test"/>
    /// images of 28×28, image i filled with the value 3·i mod 256 and labelled i mod 10.
    /// </summary>
    public static string FashionFolder(string parent, int train, int test)
    {
        var folder = Path.Combine(parent, "fashion");
        Directory.CreateDirectory(folder);
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            var pixels = new byte[count * 28 * 28];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                pixels.AsSpan(i * 784, 784).Fill((byte)(3 * i % 256));
                labels[i] = (byte)(i % 10);
            }
            Write(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), [count, 28, 28], pixels);
            Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), [count], labels);
        }
        return folder;
    }
}
