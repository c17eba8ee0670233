using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MetaDsl.Checkpoints;

/// <summary>
/// Reads safetensors files, checking everything the format promises before any tensor data is read:
/// the file and header lengths, well-formed JSON, known dtypes, each shape × dtype size against its
/// offsets, offsets inside the data buffer, and tensors that tile the buffer contiguously without
/// overlap. Lengths and offsets are 64-bit throughout, so files of 2 GB and more read like small ones.
/// Every malformed file raises <see cref="InvalidDataException"/> naming the file and the offending field.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The header key reserved for string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted, as in the reference implementation, so a corrupt length cannot exhaust memory.</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Bytes read per call when a tensor is copied into a span: a span's byte view cannot exceed 2 GB.</summary>
    private const int ChunkBytes = 1 << 26;

    /// <summary>Reads and checks the header of the file at <paramref name="path"/>; no tensor data is read.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when there is none).</exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads and checks the header at the start of a seekable <paramref name="stream"/>; <paramref name="name"/> is what messages call it.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a well-formed safetensors file.</exception>
    public static SafetensorsHeader ReadHeader(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long length = stream.Length;
        if (length < 8)
            throw Error(name, $"the file is {length} bytes, shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        ReadExactly(stream, prefix, name, "the header length");
        ulong headerLength = CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(prefix), length, name);
        var header = new byte[headerLength];
        ReadExactly(stream, header, name, "the header");
        return ParseHeader(header, length - 8 - (long)headerLength, name);
    }

    /// <summary>Reads the file at <paramref name="path"/>, every tensor in memory, after checking its header.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    /// <exception cref="InsufficientMemoryException">Its tensors need more memory than this process can use.</exception>
    /// <exception cref="NotSupportedException">A tensor is larger than one array can hold (read it with <see cref="ReadTensor{T}"/>).</exception>
    public static SafetensorsFile Read(string path)
    {
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path);
        long total = header.Entries.Sum(e => e.ByteLength);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (total > available)
            throw new InsufficientMemoryException($"Safetensors '{path}' holds {total:N0} bytes of tensors, more than the {available:N0} bytes this process can use; read single tensors with ReadTensor.");
        var tensors = new SafetensorsTensor[header.Entries.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var e = header.Entries[i];
            if (e.ByteLength > Array.MaxLength)
                throw new NotSupportedException($"Safetensors '{path}': tensor '{e.Name}' holds {e.ByteLength:N0} bytes, more than one array can hold; read it into a span with ReadTensor.");
            var data = new byte[e.ByteLength];
            stream.Position = header.DataOffset + e.Begin;
            ReadExactly(stream, data, path, $"the data of tensor '{e.Name}'");
            tensors[i] = new SafetensorsTensor(e.Name, e.DType, e.Shape, data);
        }
        return new SafetensorsFile(tensors, header.Metadata, path);
    }

    /// <summary>Copies one tensor's values from <paramref name="stream"/> (whose header is <paramref name="header"/>) into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidOperationException">The tensor's dtype is not <typeparamref name="T"/>'s.</exception>
    /// <exception cref="ArgumentException">The destination's length is not the tensor's element count.</exception>
    /// <exception cref="InvalidDataException">The stream ends before the tensor's data does.</exception>
    public static void ReadTensor<T>(Stream stream, SafetensorsHeader header, SafetensorsEntry entry, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entry);
        var expected = SafetensorsDTypes.Of<T>();
        if (entry.DType != expected)
            throw new InvalidOperationException($"Tensor '{entry.Name}' has dtype {entry.DType}; it cannot be read as {typeof(T).Name} ({expected}).");
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"Tensor '{entry.Name}' has {entry.ElementCount} elements but the destination holds {destination.Length}.", nameof(destination));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors I/O needs a little-endian machine.");
        stream.Position = header.DataOffset + entry.Begin;
        int perChunk = ChunkBytes / entry.DType.Size();
        for (int start = 0; start < destination.Length; start += perChunk)
        {
            var chunk = destination.Slice(start, Math.Min(perChunk, destination.Length - start));
            ReadExactly(stream, MemoryMarshal.AsBytes(chunk), header.Source, $"the data of tensor '{entry.Name}'");
        }
    }

    /// <summary>Parses file bytes held in memory; <paramref name="name"/> (a path) is what messages call the file.</summary>
    /// <exception cref="InvalidDataException">The bytes are malformed.</exception>
    public static SafetensorsFile Parse(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 8)
            throw Error(name, $"the file is {file.Length} bytes, shorter than the 8-byte header length");
        int headerLength = (int)CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(file), file.Length, name);
        var buffer = file[(8 + headerLength)..];
        var header = ParseHeader(file.Slice(8, headerLength), buffer.Length, name);
        var tensors = new SafetensorsTensor[header.Entries.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var e = header.Entries[i];
            tensors[i] = new SafetensorsTensor(e.Name, e.DType, e.Shape, buffer[(int)e.Begin..(int)e.End].ToArray());
        }
        return new SafetensorsFile(tensors, header.Metadata, name);
    }

    /// <summary>Opens a file for reading, sharing it with other readers.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 12, FileOptions.RandomAccess);
    }

    private static ulong CheckHeaderLength(ulong headerLength, long fileLength, string name)
    {
        if (headerLength > MaxHeaderLength)
            throw Error(name, $"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if (headerLength > (ulong)(fileLength - 8))
            throw Error(name, $"the header length {headerLength} exceeds the {fileLength - 8} bytes after the length field (the file is truncated or not safetensors)");
        return headerLength;
    }

    private static SafetensorsHeader ParseHeader(ReadOnlySpan<byte> header, long bufferLength, string name)
    {
        using var document = ParseJson(header, name);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw Error(name, $"the header is a JSON {document.RootElement.ValueKind}, expected an object");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<SafetensorsEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            string key = Text(property, name);
            if (!seen.Add(key))
                throw Error(name, $"the header names '{key}' twice");
            if (key == MetadataKey)
                ReadMetadata(property.Value, metadata, name);
            else
                entries.Add(ReadEntry(key, property.Value, bufferLength, name));
        }
        CheckTiling(entries, bufferLength, name);
        return new SafetensorsHeader(name, entries, metadata, 8 + (long)header.Length);
    }

    private static JsonDocument ParseJson(ReadOnlySpan<byte> header, string name)
    {
        if (header.IsEmpty || header[0] != (byte)'{')
            throw Error(name, "the header does not start with '{' (not a JSON object)");
        try
        {
            return JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Safetensors '{name}': the header is not well-formed JSON: {e.Message}", e);
        }
    }

    /// <summary>A property's name; JSON escapes can spell strings that are not valid UTF-16 (a lone surrogate), which cannot be names.</summary>
    private static string Text(JsonProperty property, string name)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"Safetensors '{name}': the header has a key that is not valid text: {e.Message}", e);
        }
    }

    private static string Text(JsonElement value, string what, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"Safetensors '{name}': {what} is not valid text: {e.Message}", e);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(name, $"'{MetadataKey}' is a JSON {value.ValueKind}, expected an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            string key = Text(entry, name);
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Error(name, $"metadata '{key}' is a JSON {entry.Value.ValueKind}, expected a string");
            if (!metadata.TryAdd(key, Text(entry.Value, $"metadata '{key}'", name)))
                throw Error(name, $"metadata '{key}' appears twice");
        }
    }

    private static SafetensorsEntry ReadEntry(string tensor, JsonElement value, long bufferLength, string name)
    {
        if (tensor.Length == 0)
            throw Error(name, "a tensor has an empty name");
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(name, $"tensor '{tensor}' is a JSON {value.ValueKind}, expected an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Error(name, $"tensor '{tensor}' has no string 'dtype'");
        if (!SafetensorsDTypes.TryParse(Text(dtypeElement, $"the dtype of tensor '{tensor}'", name), out var dtype, out var problem))
            throw Error(name, $"tensor '{tensor}': {problem}");
        var shape = ReadShape(tensor, value, name);
        var (begin, end) = ReadOffsets(tensor, value, name);
        if (!TryByteCount(shape, dtype, out long expected) || expected != end - begin)
            throw Error(name, $"tensor '{tensor}' has shape [{string.Join(", ", shape)}] and dtype {dtype}, so {(expected < 0 ? "more than 2^63" : expected.ToString())} bytes, but its data_offsets [{begin}, {end}] span {end - begin}");
        if (end > bufferLength)
            throw Error(name, $"tensor '{tensor}' has data_offsets [{begin}, {end}] beyond the {bufferLength}-byte data buffer");
        return new SafetensorsEntry(tensor, dtype, shape, begin, end);
    }

    /// <summary>The shape's size in bytes, or false (and −1) when it does not fit in 63 bits.</summary>
    private static bool TryByteCount(int[] shape, SafetensorsDType dtype, out long bytes)
    {
        try
        {
            bytes = dtype.Size();
            foreach (int d in shape) bytes = checked(bytes * d);
            return true;
        }
        catch (OverflowException)
        {
            bytes = -1;
            return false;
        }
    }

    private static int[] ReadShape(string tensor, JsonElement value, string name)
    {
        if (!value.TryGetProperty("shape", out var element) || element.ValueKind != JsonValueKind.Array)
            throw Error(name, $"tensor '{tensor}' has no 'shape' array");
        var shape = new int[element.GetArrayLength()];
        int i = 0;
        foreach (var d in element.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
                throw Error(name, $"tensor '{tensor}' has shape entry {i} = {d.GetRawText()}, expected a non-negative integer below 2^31");
            i++;
        }
        return shape;
    }

    private static (long Begin, long End) ReadOffsets(string tensor, JsonElement value, string name)
    {
        if (!value.TryGetProperty("data_offsets", out var element) || element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
            throw Error(name, $"tensor '{tensor}' has no 'data_offsets' array of two integers");
        long begin = 0, end = 0;
        if (element[0].ValueKind != JsonValueKind.Number || element[1].ValueKind != JsonValueKind.Number
            || !element[0].TryGetInt64(out begin) || !element[1].TryGetInt64(out end) || begin < 0 || end < begin)
            throw Error(name, $"tensor '{tensor}' has data_offsets {element.GetRawText()}, expected [begin, end] with 0 <= begin <= end");
        return (begin, end);
    }

    /// <summary>Tensors must cover the buffer exactly, in offset order, with no gap or overlap.</summary>
    private static void CheckTiling(List<SafetensorsEntry> entries, long bufferLength, string name)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long position = 0;
        string previous = "the start of the buffer";
        foreach (var e in sorted)
        {
            if (e.Begin < position)
                throw Error(name, $"tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) overlaps {previous}, which ends at {position}");
            if (e.Begin > position)
                throw Error(name, $"there are {e.Begin - position} unused bytes between {previous} (ending at {position}) and tensor '{e.Name}' (starting at {e.Begin})");
            position = e.End;
            previous = $"tensor '{e.Name}'";
        }
        if (position != bufferLength)
            throw Error(name, $"the data buffer is {bufferLength} bytes but the tensors cover only {position} (through {previous})");
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Safetensors '{name}': the file ended inside {what} (was it truncated while being read?).", e);
        }
    }

    private static InvalidDataException Error(string name, string what) => new($"Safetensors '{name}': {what}.");
}
