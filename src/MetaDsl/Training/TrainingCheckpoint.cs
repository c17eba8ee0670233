using System.Globalization;
using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Optimizers;

namespace MetaDsl.Training;

/// <summary>
/// Saves a <see cref="TrainingState{T}"/> as a checkpoint and loads it back. The file is an ordinary
/// checkpoint (<see cref="Checkpoint.Load{T}(string, Span{T}, string, IReadOnlyList{CheckpointParameter}, bool)"/>,
/// <c>Adapter</c> and Python read its parameters) with the state beside them, under
/// <see cref="Checkpoint.TrainingStatePrefix"/>: Adam's moments as tensors <c>training.adam_m</c> and
/// <c>training.adam_v</c>, the loss curve as <c>training.losses</c> (F64), and the task stream's position,
/// Adam's step count and the trainer's settings as metadata.
/// </summary>
public static class TrainingCheckpoint
{
    private const string Prefix = Checkpoint.TrainingStatePrefix;
    private const string FirstMoment = Prefix + "adam_m";
    private const string SecondMoment = Prefix + "adam_v";
    private const string Losses = Prefix + "losses";
    private const string SamplerState = Prefix + "sampler_state";
    private const string AdamSteps = Prefix + "adam_steps";
    private const string MetaBatchSize = Prefix + "meta_batch";
    private const string OuterLearningRate = Prefix + "outer_lr";
    private const string MaxGradientNorm = Prefix + "max_gradient_norm";
    private const string None = "none";

    /// <summary>Writes <paramref name="state"/> of a run of <paramref name="algorithm"/> atomically.</summary>
    /// <exception cref="ArgumentException">A run-settings key collides with the checkpoint's own keys or starts with <see cref="Checkpoint.TrainingStatePrefix"/>.</exception>
    public static void Save<T>(string path, IMetaAlgorithm<T> algorithm, TrainingState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(state);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SamplerState] = state.SamplerState.ToString(CultureInfo.InvariantCulture),
            [AdamSteps] = state.Optimizer.Steps.ToString(CultureInfo.InvariantCulture),
            [MetaBatchSize] = state.MetaBatchSize.ToString(CultureInfo.InvariantCulture),
            [OuterLearningRate] = state.OuterLearningRate.ToString("R", CultureInfo.InvariantCulture),
            [MaxGradientNorm] = state.MaxGradientNorm?.ToString("R", CultureInfo.InvariantCulture) ?? None,
        };
        foreach (var (key, value) in state.RunSettings)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
                throw new ArgumentException($"Run setting '{key}' starts with '{Prefix}', which training state reserves.", nameof(state));
            metadata.Add(key, value);
        }
        SafetensorsTensor[] tensors =
        [
            SafetensorsTensor.From<T>(FirstMoment, state.Optimizer.FirstMoment, state.Optimizer.FirstMoment.Length),
            SafetensorsTensor.From<T>(SecondMoment, state.Optimizer.SecondMoment, state.Optimizer.SecondMoment.Length),
            SafetensorsTensor.From<double>(Losses, state.Losses, state.Losses.Length),
        ];
        Checkpoint.Save<T>(path, state.Parameters, algorithm.Layout,
            new CheckpointMetadata(algorithm.Learner.Name, algorithm.Name, state.Step, state.Seed), tensors, metadata);
    }

    /// <summary>Loads the state of a run of <paramref name="algorithm"/>, checked in full (the parameters as <see cref="Checkpoint"/> checks them, the state for shape and finiteness).</summary>
    /// <exception cref="InvalidDataException">The file is malformed, of another learner or algorithm, or holds no training state; the message names the file and the field.</exception>
    public static TrainingState<T> Load<T>(string path, IMetaAlgorithm<T> algorithm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var parameters = new T[algorithm.Length];
        var metadata = Checkpoint.Load<T>(path, parameters, algorithm.Learner.Name, algorithm.Layout);
        if (metadata.Algorithm != algorithm.Name)
            throw new InvalidDataException($"Checkpoint '{path}' was trained by '{metadata.Algorithm}', not '{algorithm.Name}'; resume it with {metadata.Algorithm}.");
        using var stream = SafetensorsReader.OpenRead(path);
        var header = SafetensorsReader.ReadHeader(stream, path);
        var m = header.Metadata;
        int step = (int)Number(m, "step", path, 0, int.MaxValue);
        var losses = Checkpoint.ReadState<double>(stream, header, Losses, step, allowNonFinite: false);
        var state = new TrainingState<T>
        {
            Parameters = parameters,
            Step = step,
            SamplerState = ulong.TryParse(Required(m, SamplerState, path), NumberStyles.None, CultureInfo.InvariantCulture, out ulong rng)
                ? rng
                : throw Malformed(path, SamplerState, m[SamplerState], "an unsigned 64-bit integer"),
            Optimizer = new AdamState<T>(
                Number(m, AdamSteps, path, 0, long.MaxValue),
                Checkpoint.ReadState<T>(stream, header, FirstMoment, algorithm.Length, allowNonFinite: false),
                Checkpoint.ReadState<T>(stream, header, SecondMoment, algorithm.Length, allowNonFinite: false)),
            Losses = losses,
            Seed = (int)Number(m, "seed", path, int.MinValue, int.MaxValue),
            MetaBatchSize = (int)Number(m, MetaBatchSize, path, 1, int.MaxValue),
            OuterLearningRate = Real(m, OuterLearningRate, path),
            MaxGradientNorm = Required(m, MaxGradientNorm, path) == None ? null : Real(m, MaxGradientNorm, path),
            RunSettings = Checkpoint.RunSettings(m),
        };
        return state;
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"Checkpoint '{path}' has no metadata '{key}': it was saved without the training state a resumed run needs.");

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key, string path, long minimum, long maximum)
    {
        string text = Required(metadata, key, path);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value >= minimum && value <= maximum
            ? value
            : throw Malformed(path, key, text, $"an integer from {minimum} to {maximum}");
    }

    private static double Real(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        string text = Required(metadata, key, path);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0
            ? value
            : throw Malformed(path, key, text, "a finite positive number");
    }

    private static InvalidDataException Malformed(string path, string key, string text, string expected) =>
        new($"Checkpoint '{path}' has metadata '{key}' = '{text}', expected {expected}.");
}
