namespace MetaDsl.Checkpoints;

/// <summary>The tensors and string metadata of a safetensors file.</summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    /// <summary>Holds <paramref name="tensors"/> (names must be unique) and <paramref name="metadata"/>.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name.</exception>
    public SafetensorsFile(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata, string source = "")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        _byName = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
            if (!_byName.TryAdd(t.Name, t))
                throw new ArgumentException($"Two tensors are named '{t.Name}'.", nameof(tensors));
        Tensors = tensors;
        Metadata = metadata;
        Source = source;
    }

    /// <summary>The tensors, in the order of their data in the file.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries (empty when there are none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The path it was read from, for messages (empty when built in memory).</summary>
    public string Source { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists those there are.</exception>
    public SafetensorsTensor this[string name] => _byName.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"Safetensors '{Source}' has no tensor '{name}'; it has {string.Join(", ", _byName.Keys)}.");

    /// <summary>Looks up the tensor called <paramref name="name"/>.</summary>
    public bool TryGet(string name, out SafetensorsTensor tensor) => _byName.TryGetValue(name, out tensor!);
}
