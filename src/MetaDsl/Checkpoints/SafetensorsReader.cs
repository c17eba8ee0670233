using System.Buffers.Binary;
using System.Text.Json;

namespace MetaDsl.Checkpoints;

/// <summary>
/// Reads safetensors files, checking everything the format promises: the file and header lengths,
/// well-formed JSON, known dtypes, each shape × dtype size against its offsets, offsets inside the
/// buffer, and tensors that tile the buffer contiguously without overlap. Each problem raises
/// <see cref="InvalidDataException"/> naming the file, the tensor, and expected versus actual values.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The header key reserved for string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted, as in the reference implementation, so a corrupt length cannot exhaust memory.</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static SafetensorsFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses file bytes; <paramref name="name"/> (a path) is what messages call the file.</summary>
    /// <exception cref="InvalidDataException">The bytes are malformed.</exception>
    public static SafetensorsFile Parse(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 8)
            throw Error(name, $"the file is {file.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderLength)
            throw Error(name, $"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if (headerLength > (ulong)(file.Length - 8))
            throw Error(name, $"the header length {headerLength} exceeds the {file.Length - 8} bytes after the length field (the file is truncated or not safetensors)");
        var header = file.Slice(8, (int)headerLength);
        var buffer = file[(8 + (int)headerLength)..];
        using var document = ParseJson(header, name);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw Error(name, $"the header is a JSON {document.RootElement.ValueKind}, expected an object");

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, SafetensorsDType DType, int[] Shape, long Begin, long End)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw Error(name, $"the header names '{property.Name}' twice");
            if (property.Name == MetadataKey)
                ReadMetadata(property.Value, metadata, name);
            else
                entries.Add(ReadEntry(property.Name, property.Value, buffer.Length, name));
        }
        CheckTiling(entries, buffer.Length, name);
        var tensors = new SafetensorsTensor[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            tensors[i] = new SafetensorsTensor(e.Name, e.DType, e.Shape, buffer[(int)e.Begin..(int)e.End].ToArray());
        }
        return new SafetensorsFile(tensors, metadata, name);
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

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(name, $"'{MetadataKey}' is a JSON {value.ValueKind}, expected an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Error(name, $"metadata '{entry.Name}' is a JSON {entry.Value.ValueKind}, expected a string");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw Error(name, $"metadata '{entry.Name}' appears twice");
        }
    }

    private static (string, SafetensorsDType, int[], long, long) ReadEntry(string tensor, JsonElement value, int bufferLength, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(name, $"tensor '{tensor}' is a JSON {value.ValueKind}, expected an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Error(name, $"tensor '{tensor}' has no string 'dtype'");
        if (!SafetensorsDTypes.TryParse(dtypeElement.GetString()!, out var dtype, out var problem))
            throw Error(name, $"tensor '{tensor}': {problem}");
        var shape = ReadShape(tensor, value, name);
        var (begin, end) = ReadOffsets(tensor, value, name);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > bufferLength) break; // Already too large to fit; avoids overflow on absurd shapes.
        }
        long expected = count * dtype.Size();
        if (expected != end - begin)
            throw Error(name, $"tensor '{tensor}' has shape [{string.Join(", ", shape)}] and dtype {dtype}, so {expected} bytes, but its data_offsets [{begin}, {end}] span {end - begin}");
        if (end > bufferLength)
            throw Error(name, $"tensor '{tensor}' has data_offsets [{begin}, {end}] beyond the {bufferLength}-byte data buffer");
        return (tensor, dtype, shape, begin, end);
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
        if (!element[0].TryGetInt64(out long begin) || !element[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Error(name, $"tensor '{tensor}' has data_offsets {element.GetRawText()}, expected [begin, end] with 0 <= begin <= end");
        return (begin, end);
    }

    /// <summary>Tensors must cover the buffer exactly, in offset order, with no gap or overlap.</summary>
    private static void CheckTiling(List<(string Name, SafetensorsDType, int[], long Begin, long End)> entries, int bufferLength, string name)
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

    private static InvalidDataException Error(string name, string what) => new($"Safetensors '{name}': {what}.");
}
