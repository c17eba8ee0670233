using System.Globalization;
using System.Numerics;

namespace MetaDsl.Checkpoints;

/// <summary>
/// Saves a learner's flat theta as a safetensors file, one tensor per named parameter, with the
/// learner, algorithm, step and seed in <c>__metadata__</c>; and loads it back, checking that it
/// belongs to the same learner and that every parameter's name, shape and dtype match. The file
/// opens in any safetensors reader (e.g. Python's) with the parameters under their own names.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata value of <c>format</c> that marks a MetaDsl checkpoint.</summary>
    public const string Format = "metadsl-theta";

    /// <summary>
    /// The prefix of the tensors and metadata a training run adds so that it can be resumed (optimizer
    /// moments, the sampler's position, the loss curve). Loading parameters skips them; a dot cannot
    /// occur in a C# parameter's name, so no learner's tensor can start with it.
    /// </summary>
    public const string TrainingStatePrefix = "training.";

    /// <summary>Writes <paramref name="theta"/> atomically: a failed save leaves an existing file as it was.</summary>
    /// <exception cref="ArgumentException">The layout does not fit theta, or names repeat.</exception>
    public static void Save<T>(string path, ReadOnlySpan<T> theta, IReadOnlyList<CheckpointParameter> parameters, CheckpointMetadata metadata)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Save(path, theta, parameters, metadata, [], new Dictionary<string, string>());

    /// <summary>
    /// Writes <paramref name="theta"/> atomically with <paramref name="extraTensors"/> and <paramref name="extraMetadata"/>
    /// beside the parameters (training state, a run's settings).
    /// </summary>
    /// <exception cref="ArgumentException">The layout does not fit theta, names repeat, or an extra metadata key is one of the checkpoint's own.</exception>
    public static void Save<T>(string path, ReadOnlySpan<T> theta, IReadOnlyList<CheckpointParameter> parameters, CheckpointMetadata metadata,
        IReadOnlyList<SafetensorsTensor> extraTensors, IReadOnlyDictionary<string, string> extraMetadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(extraTensors);
        ArgumentNullException.ThrowIfNull(extraMetadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.Learner, nameof(metadata));
        var tensors = new List<SafetensorsTensor>(parameters.Count + extraTensors.Count);
        foreach (var p in parameters)
        {
            CheckFits(p, theta.Length, metadata.Learner);
            tensors.Add(SafetensorsTensor.From(p.Name, theta.Slice(p.Offset, p.Size), p.Shape));
        }
        tensors.AddRange(extraTensors);
        var entries = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["learner"] = metadata.Learner,
            ["algorithm"] = metadata.Algorithm,
            ["step"] = metadata.Step.ToString(CultureInfo.InvariantCulture),
            ["seed"] = metadata.Seed.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extraMetadata)
            if (!entries.TryAdd(key, value))
                throw new ArgumentException($"Metadata '{key}' is the checkpoint's own; choose another key.", nameof(extraMetadata));
        SafetensorsWriter.Write(path, tensors, entries);
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> into <paramref name="theta"/> after checking it
    /// in full, so a refused checkpoint leaves theta untouched. The header is checked before any weight
    /// is read, and only the parameters' bytes are read (training state is skipped).
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="theta">Receives the parameters at their offsets.</param>
    /// <param name="learner">The learner it must belong to.</param>
    /// <param name="parameters">The layout of theta.</param>
    /// <param name="allowNonFinite">Accept NaN and infinite weights (to inspect a diverged run); refused by default.</param>
    /// <returns>The checkpoint's metadata.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is malformed, not a MetaDsl checkpoint, of another learner, a parameter is missing, extra,
    /// or differs in shape or dtype, or a weight is not finite; the message names the file and the field.
    /// </exception>
    /// <exception cref="ArgumentException">The layout does not fit theta.</exception>
    public static CheckpointMetadata Load<T>(string path, Span<T> theta, string learner, IReadOnlyList<CheckpointParameter> parameters, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(learner);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) CheckFits(p, theta.Length, learner);
        using var stream = SafetensorsReader.OpenRead(path);
        var header = SafetensorsReader.ReadHeader(stream, path);
        var metadata = ReadMetadata(header.Metadata, path);
        if (metadata.Learner != learner)
            throw new InvalidDataException($"Checkpoint '{path}' belongs to learner '{metadata.Learner}', not '{learner}'; load it into a {metadata.Learner}.");
        var entries = CheckLayout<T>(header, learner, parameters);
        var staged = new T[theta.Length];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var slice = staged.AsSpan(p.Offset, p.Size);
            SafetensorsReader.ReadTensor<T>(stream, header, entries[i], slice);
            if (!allowNonFinite) RequireFinite<T>(slice, path, p.Name);
        }
        foreach (var p in parameters) staged.AsSpan(p.Offset, p.Size).CopyTo(theta.Slice(p.Offset, p.Size));
        return metadata;
    }

    /// <summary>Reads one training-state tensor of a checkpoint whose layout <see cref="Load{T}(string, Span{T}, string, IReadOnlyList{CheckpointParameter}, bool)"/> accepted.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing, of another dtype or length, or (unless allowed) not finite.</exception>
    internal static T[] ReadState<T>(Stream stream, SafetensorsHeader header, string name, long length, bool allowNonFinite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!header.TryGet(name, out var entry))
            throw new InvalidDataException($"Checkpoint '{header.Source}' has no tensor '{name}': it was saved without the training state a resumed run needs.");
        if (entry.DType != SafetensorsDTypes.Of<T>() || entry.Shape.Length != 1 || entry.ElementCount != length)
            throw new InvalidDataException($"Checkpoint '{header.Source}': tensor '{name}' is {entry.DType}[{string.Join(", ", entry.Shape)}], expected {SafetensorsDTypes.Of<T>()}[{length}].");
        var values = new T[length];
        SafetensorsReader.ReadTensor<T>(stream, header, entry, values);
        if (!allowNonFinite) RequireFinite<T>(values, header.Source, name);
        return values;
    }

    /// <summary>The header's entry for each parameter, in layout order, after checking names, dtypes and shapes.</summary>
    private static SafetensorsEntry[] CheckLayout<T>(SafetensorsHeader header, string learner, IReadOnlyList<CheckpointParameter> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = header.Source;
        var dtype = SafetensorsDTypes.Of<T>();
        var entries = new SafetensorsEntry[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!header.TryGet(p.Name, out var tensor))
                throw new InvalidDataException($"Checkpoint '{path}' of learner '{learner}' has no parameter '{p.Name}'.");
            if (tensor.DType != dtype)
                throw new InvalidDataException($"Checkpoint '{path}': parameter '{p.Name}' is {tensor.DType}, expected {dtype} for {typeof(T).Name} theta.");
            if (!tensor.Shape.AsSpan().SequenceEqual(p.Shape))
                throw new InvalidDataException($"Checkpoint '{path}': parameter '{p.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", p.Shape)}].");
            entries[i] = tensor;
        }
        foreach (var tensor in header.Entries)
            if (!tensor.Name.StartsWith(TrainingStatePrefix, StringComparison.Ordinal) && !parameters.Any(p => p.Name == tensor.Name))
                throw new InvalidDataException($"Checkpoint '{path}' has a tensor '{tensor.Name}' that learner '{learner}' does not have.");
        return entries;
    }

    private static void RequireFinite<T>(ReadOnlySpan<T> values, string path, string tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new InvalidDataException(
                    $"Checkpoint '{path}': tensor '{tensor}' holds {values[i]} at index {i}; weights must be finite (the run that saved it diverged). Load with allowNonFinite to inspect it anyway.");
    }

    /// <summary>Saves a generated learner's theta; the layout and learner name come from <paramref name="info"/>.</summary>
    public static void Save<T>(string path, ReadOnlySpan<T> theta, LearnerInfo info, string algorithm, long step, long seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(info);
        Save(path, theta, CheckpointParameter.Of(info), new CheckpointMetadata(info.Name, algorithm, step, seed));
    }

    /// <summary>Loads into a generated learner's theta; the layout and learner name come from <paramref name="info"/>.</summary>
    public static CheckpointMetadata Load<T>(string path, Span<T> theta, LearnerInfo info, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(info);
        return Load(path, theta, info.Name, CheckpointParameter.Of(info), allowNonFinite);
    }

    private static void CheckFits(CheckpointParameter p, int thetaLength, string learner)
    {
        if (p.Offset < 0 || (long)p.Offset + p.Size > thetaLength)
            throw new ArgumentException($"{learner}: parameter '{p.Name}' at offset {p.Offset} with {p.Size} values does not fit in theta of length {thetaLength}.");
    }

    /// <summary>The metadata a caller added (a run's settings): neither the checkpoint's own keys nor training state.</summary>
    internal static Dictionary<string, string> RunSettings(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Where(e => !e.Key.StartsWith(TrainingStatePrefix, StringComparison.Ordinal) && e.Key is not ("format" or "learner" or "algorithm" or "step" or "seed"))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>The checkpoint's own metadata entries, checked.</summary>
    /// <exception cref="InvalidDataException">The file is not a MetaDsl checkpoint, or an entry is missing or malformed.</exception>
    internal static CheckpointMetadata ReadMetadata(IReadOnlyDictionary<string, string> m, string path)
    {
        if (!m.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"Safetensors '{path}' is not a MetaDsl checkpoint: its metadata 'format' is {(format is null ? "missing" : $"'{format}'")}, expected '{Format}'.");
        return new CheckpointMetadata(
            Required(m, "learner", path),
            Required(m, "algorithm", path),
            Number(m, "step", path),
            Number(m, "seed", path));
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"Checkpoint '{path}' has no '{key}' in its metadata.");

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        string text = Required(metadata, key, path);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"Checkpoint '{path}' has metadata '{key}' = '{text}', expected an integer.");
    }
}
