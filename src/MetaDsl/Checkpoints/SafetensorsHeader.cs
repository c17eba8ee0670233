namespace MetaDsl.Checkpoints;

/// <summary>
/// A safetensors file's header, checked against the file's length: every entry lies inside the data
/// buffer and the entries tile it. Reading a header reads no tensor data, so a file of any size can be
/// inspected, and a checkpoint can be validated in full before a byte of its weights is read.
/// </summary>
public sealed class SafetensorsHeader
{
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    internal SafetensorsHeader(string source, IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long dataOffset)
    {
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Source = source;
        Entries = entries;
        Metadata = metadata;
        DataOffset = dataOffset;
    }

    /// <summary>The path (or name) it was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>The tensors, in header order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> entries (empty when there are none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Where the data buffer starts, in bytes from the start of the file.</summary>
    public long DataOffset { get; }

    /// <summary>Looks up the tensor called <paramref name="name"/>.</summary>
    public bool TryGet(string name, out SafetensorsEntry entry) => _byName.TryGetValue(name, out entry!);
}
