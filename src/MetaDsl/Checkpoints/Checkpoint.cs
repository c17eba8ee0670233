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

    /// <summary>Writes <paramref name="theta"/> atomically: a failed save leaves an existing file as it was.</summary>
    /// <exception cref="ArgumentException">The layout does not fit theta, or names repeat.</exception>
    public static void Save<T>(string path, ReadOnlySpan<T> theta, IReadOnlyList<CheckpointParameter> parameters, CheckpointMetadata metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.Learner, nameof(metadata));
        var tensors = new SafetensorsTensor[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            CheckFits(p, theta.Length, metadata.Learner);
            tensors[i] = SafetensorsTensor.From(p.Name, theta.Slice(p.Offset, p.Size), p.Shape);
        }
        var entries = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["learner"] = metadata.Learner,
            ["algorithm"] = metadata.Algorithm,
            ["step"] = metadata.Step.ToString(CultureInfo.InvariantCulture),
            ["seed"] = metadata.Seed.ToString(CultureInfo.InvariantCulture),
        };
        SafetensorsWriter.Write(path, tensors, entries);
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> into <paramref name="theta"/> after checking it
    /// in full, so a refused checkpoint leaves theta untouched.
    /// </summary>
    /// <returns>The checkpoint's metadata.</returns>
    /// <exception cref="InvalidDataException">The file is malformed, not a MetaDsl checkpoint, of another learner, or a parameter is missing, extra, or differs in shape or dtype.</exception>
    /// <exception cref="ArgumentException">The layout does not fit theta.</exception>
    public static CheckpointMetadata Load<T>(string path, Span<T> theta, string learner, IReadOnlyList<CheckpointParameter> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(learner);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) CheckFits(p, theta.Length, learner);
        var file = SafetensorsReader.Read(path);
        var metadata = ReadMetadata(file, path);
        if (metadata.Learner != learner)
            throw new InvalidDataException($"Checkpoint '{path}' belongs to learner '{metadata.Learner}', not '{learner}'; load it into a {metadata.Learner}.");
        var dtype = SafetensorsDTypes.Of<T>();
        foreach (var p in parameters)
        {
            if (!file.TryGet(p.Name, out var tensor))
                throw new InvalidDataException($"Checkpoint '{path}' of learner '{learner}' has no parameter '{p.Name}'.");
            if (tensor.DType != dtype)
                throw new InvalidDataException($"Checkpoint '{path}': parameter '{p.Name}' is {tensor.DType}, expected {dtype} for {typeof(T).Name} theta.");
            if (!tensor.Shape.AsSpan().SequenceEqual(p.Shape))
                throw new InvalidDataException($"Checkpoint '{path}': parameter '{p.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", p.Shape)}].");
        }
        foreach (var tensor in file.Tensors)
            if (!parameters.Any(p => p.Name == tensor.Name))
                throw new InvalidDataException($"Checkpoint '{path}' has a tensor '{tensor.Name}' that learner '{learner}' does not have.");
        foreach (var p in parameters) file[p.Name].CopyTo(theta.Slice(p.Offset, p.Size));
        return metadata;
    }

    /// <summary>Saves a generated learner's theta; the layout and learner name come from <paramref name="info"/>.</summary>
    public static void Save<T>(string path, ReadOnlySpan<T> theta, LearnerInfo info, string algorithm, long step, long seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(info);
        Save(path, theta, CheckpointParameter.Of(info), new CheckpointMetadata(info.Name, algorithm, step, seed));
    }

    /// <summary>Loads into a generated learner's theta; the layout and learner name come from <paramref name="info"/>.</summary>
    public static CheckpointMetadata Load<T>(string path, Span<T> theta, LearnerInfo info) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(info);
        return Load(path, theta, info.Name, CheckpointParameter.Of(info));
    }

    private static void CheckFits(CheckpointParameter p, int thetaLength, string learner)
    {
        if (p.Offset < 0 || (long)p.Offset + p.Size > thetaLength)
            throw new ArgumentException($"{learner}: parameter '{p.Name}' at offset {p.Offset} with {p.Size} values does not fit in theta of length {thetaLength}.");
    }

    private static CheckpointMetadata ReadMetadata(SafetensorsFile file, string path)
    {
        var m = file.Metadata;
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
