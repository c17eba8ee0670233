using System.Globalization;
using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Optimizers;

namespace MetaDsl.Evolution;

/// <summary>
/// Saves a <see cref="PopulationTrainingState{T}"/> as a checkpoint of the meta-trained network and loads it
/// back. The file is an ordinary checkpoint (<see cref="Checkpoint.Load{T}(string, Span{T}, LearnerInfo, bool)"/>
/// and Python read the network) with the state beside it under <see cref="Checkpoint.TrainingStatePrefix"/>:
/// Adam's moments (<c>training.adam_m</c>, <c>training.adam_v</c>), the loss curve (<c>training.losses</c>, F64),
/// the population's inner states and PES credits (<c>training.population.particles</c>, <c>.credits</c>) and its
/// per-unit counters as F64 (<c>.steps_done</c>, <c>.episodes</c>: exact below 2^53); step counts as metadata.
/// </summary>
public static class PopulationCheckpoint
{
    private const string Prefix = Checkpoint.TrainingStatePrefix;
    private const string FirstMoment = Prefix + "adam_m";
    private const string SecondMoment = Prefix + "adam_v";
    private const string Losses = Prefix + "losses";
    private const string Particles = Prefix + "population.particles";
    private const string Credits = Prefix + "population.credits";
    private const string StepsDone = Prefix + "population.steps_done";
    private const string Episodes = Prefix + "population.episodes";
    private const string AdamSteps = Prefix + "adam_steps";
    private const string Completed = Prefix + "population.completed_problems";

    /// <summary>Writes <paramref name="state"/> of <paramref name="net"/> meta-trained by <paramref name="algorithm"/> atomically.</summary>
    /// <exception cref="ArgumentException">The state's lengths disagree with each other or with the network, or a run-settings key is reserved.</exception>
    public static void Save<T>(string path, LearnerInfo net, string algorithm, PopulationTrainingState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(state);
        var population = state.Population;
        int length = net.ParameterCount;
        if (state.Parameters.Length != length || state.Optimizer.FirstMoment.Length != length || state.Optimizer.SecondMoment.Length != length)
            throw new ArgumentException($"{net.Name} has {length} parameters; the state holds {state.Parameters.Length} with Adam moments of {state.Optimizer.FirstMoment.Length} and {state.Optimizer.SecondMoment.Length}.", nameof(state));
        if (population.Estimates != state.Losses.Length)
            throw new ArgumentException($"The population has made {population.Estimates} estimates but the loss curve holds {state.Losses.Length}.", nameof(state));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AdamSteps] = Text(state.Optimizer.Steps),
            [Completed] = Text(population.CompletedProblems),
        };
        foreach (var (key, value) in state.RunSettings)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
                throw new ArgumentException($"Run setting '{key}' starts with '{Prefix}', which training state reserves.", nameof(state));
            metadata.Add(key, value);
        }
        var stepsDone = Array.ConvertAll(population.StepsDone, s => (double)s);
        var episodes = Array.ConvertAll(population.Episodes, e => (double)e);
        SafetensorsTensor[] tensors =
        [
            SafetensorsTensor.From<T>(FirstMoment, state.Optimizer.FirstMoment, length),
            SafetensorsTensor.From<T>(SecondMoment, state.Optimizer.SecondMoment, length),
            SafetensorsTensor.From<double>(Losses, state.Losses, state.Losses.Length),
            SafetensorsTensor.From<T>(Particles, population.Particles, population.Particles.Length),
            SafetensorsTensor.From<T>(Credits, population.Credits, population.Credits.Length),
            SafetensorsTensor.From<double>(StepsDone, stepsDone, stepsDone.Length),
            SafetensorsTensor.From<double>(Episodes, episodes, episodes.Length),
        ];
        Checkpoint.Save<T>(path, state.Parameters, CheckpointParameter.Of(net),
            new CheckpointMetadata(net.Name, algorithm, state.Losses.Length, state.Seed), tensors, metadata);
    }

    /// <summary>
    /// Loads the state of <paramref name="net"/> meta-trained by <paramref name="algorithm"/>, checked in full;
    /// whether the population fits an estimator is checked when it is restored into one.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, of another network or algorithm, or holds no population state; the message names the file and the field.</exception>
    public static PopulationTrainingState<T> Load<T>(string path, LearnerInfo net, string algorithm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        var parameters = new T[net.ParameterCount];
        var metadata = Checkpoint.Load<T>(path, parameters, net);
        if (metadata.Algorithm != algorithm)
            throw new InvalidDataException($"Checkpoint '{path}' was meta-trained by '{metadata.Algorithm}', not '{algorithm}'; resume it with {metadata.Algorithm}.");
        if (metadata.Step is < 0 or > int.MaxValue)
            throw new InvalidDataException($"Checkpoint '{path}' has metadata 'step' = {metadata.Step}, expected a count of estimates.");
        using var stream = SafetensorsReader.OpenRead(path);
        var header = SafetensorsReader.ReadHeader(stream, path);
        var m = header.Metadata;
        int estimates = (int)metadata.Step;
        return new PopulationTrainingState<T>
        {
            Parameters = parameters,
            Optimizer = new AdamState<T>(
                Number(m, AdamSteps, path),
                Checkpoint.ReadState<T>(stream, header, FirstMoment, parameters.Length, allowNonFinite: false),
                Checkpoint.ReadState<T>(stream, header, SecondMoment, parameters.Length, allowNonFinite: false)),
            Losses = Checkpoint.ReadState<double>(stream, header, Losses, estimates, allowNonFinite: false),
            Population = new PopulationState<T>(
                estimates,
                Number(m, Completed, path),
                Array.ConvertAll(Counters(stream, header, StepsDone, int.MaxValue), c => (int)c),
                Counters(stream, header, Episodes, long.MaxValue),
                Checkpoint.ReadState<T>(stream, header, Particles, Length(header, Particles), allowNonFinite: false),
                Checkpoint.ReadState<T>(stream, header, Credits, Length(header, Credits), allowNonFinite: false)),
            Seed = metadata.Seed is >= int.MinValue and <= int.MaxValue
                ? (int)metadata.Seed
                : throw new InvalidDataException($"Checkpoint '{path}' has metadata 'seed' = {metadata.Seed}, expected a 32-bit integer."),
            RunSettings = Checkpoint.RunSettings(m),
        };
    }

    /// <summary>The element count of a 1-D state tensor, whose length only the estimator it is restored into can check.</summary>
    private static long Length(SafetensorsHeader header, string name) =>
        header.TryGet(name, out var entry) && entry.Shape.Length == 1
            ? entry.ElementCount
            : throw new InvalidDataException($"Checkpoint '{header.Source}' has no 1-D tensor '{name}': it was saved without the population state a resumed run needs.");

    /// <summary>A tensor of non-negative whole counters up to <paramref name="maximum"/>, stored as F64.</summary>
    private static long[] Counters(Stream stream, SafetensorsHeader header, string name, long maximum)
    {
        var values = Checkpoint.ReadState<double>(stream, header, name, Length(header, name), allowNonFinite: false);
        var counters = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v < 0 || v > maximum || v != Math.Floor(v))
                throw new InvalidDataException($"Checkpoint '{header.Source}': tensor '{name}' holds {v.ToString("R", CultureInfo.InvariantCulture)} at index {i}, expected a whole count from 0 to {maximum}.");
            counters[i] = (long)v;
        }
        return counters;
    }

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        if (!metadata.TryGetValue(key, out var text))
            throw new InvalidDataException($"Checkpoint '{path}' has no metadata '{key}': it was saved without the population state a resumed run needs.");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"Checkpoint '{path}' has metadata '{key}' = '{text}', expected a non-negative integer.");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
