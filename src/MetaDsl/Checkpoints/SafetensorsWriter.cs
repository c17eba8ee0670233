using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MetaDsl.Checkpoints;

/// <summary>
/// Writes safetensors files laid out as Hugging Face's library lays them out: tensors ordered by
/// dtype (F64 before F32) then by name, compact JSON with <c>__metadata__</c> first, the header padded
/// with spaces to a multiple of 8 bytes. For ASCII names and metadata the bytes are identical to
/// <c>safetensors.torch.save_file</c>'s.
/// </summary>
public static class SafetensorsWriter
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the file atomically (see <see cref="AtomicFile"/>): on any failure an existing file is left as it was.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is <c>__metadata__</c>.</exception>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = Prepare(tensors, metadata);
        AtomicFile.Write(path, stream => WriteTo(stream, header, ordered));
    }

    /// <summary>The file's bytes.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is <c>__metadata__</c>.</exception>
    public static byte[] Serialize(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = Prepare(tensors, metadata);
        var stream = new MemoryStream();
        WriteTo(stream, header, ordered);
        return stream.ToArray();
    }

    private static void WriteTo(Stream stream, byte[] header, SafetensorsTensor[] ordered)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var t in ordered) stream.Write(t.Data);
    }

    private static (byte[] Header, SafetensorsTensor[] Ordered) Prepare(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (t.Name == SafetensorsReader.MetadataKey)
                throw new ArgumentException($"A tensor cannot be named '{SafetensorsReader.MetadataKey}'; the format reserves it.", nameof(tensors));
            if (!names.Add(t.Name))
                throw new ArgumentException($"Two tensors are named '{t.Name}'.", nameof(tensors));
        }
        // The reference implementation sorts by descending dtype, then by name (byte order).
        var ordered = tensors.OrderByDescending(t => t.DType).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, s_json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in ordered)
            {
                writer.WriteStartObject(t.Name);
                writer.WriteString("dtype", t.DType.ToString());
                writer.WriteStartArray("shape");
                foreach (int d in t.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset += t.Data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - json.Length % 8) % 8);
        for (int i = 0; i < padding; i++) json.WriteByte((byte)' ');
        return (json.ToArray(), ordered);
    }
}
