using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Checkpoints;
using MetaDsl.Distributed;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// Runs a meta-learning algorithm for a number of outer steps: each step samples a meta-batch, takes
/// the algorithm's meta-gradient, optionally clips it, and applies Adam. Every task comes from one
/// <see cref="SplitMix64"/> stream owned by the trainer and sampled on the calling thread, so with the
/// same seed and thread count two runs produce bit-identical parameters and checkpoints.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MetaTrainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IMetaAlgorithm<T> _algorithm;
    private readonly ITaskSampler<T> _sampler;

    /// <summary>Prepares a run of <paramref name="algorithm"/> on tasks from <paramref name="sampler"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public MetaTrainer(IMetaAlgorithm<T> algorithm, ITaskSampler<T> sampler, MetaTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _algorithm = algorithm;
        _sampler = sampler;
        Options = options;
    }

    /// <summary>The settings.</summary>
    public MetaTrainerOptions Options { get; }

    /// <summary>
    /// Trains from a fresh initialization. When <paramref name="cancellationToken"/> is cancelled the run
    /// stops after the step in progress and still saves its checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The meta-loss or meta-gradient stopped being finite; nothing more is saved.</exception>
    public TrainingResult<T> Train(CancellationToken cancellationToken = default) => Train(null, cancellationToken);

    /// <summary>
    /// Trains from <paramref name="resume"/> (a state saved by an earlier run, see <see cref="TrainingCheckpoint"/>)
    /// up to <see cref="MetaTrainerOptions.Steps"/>, or from a fresh initialization when it is null. A resumed
    /// run takes exactly the steps the uninterrupted run would have taken: same tasks, same updates, same
    /// parameters and checkpoint, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">The state is of another length, seed, meta-batch, outer step size or clipping, or has more steps than planned.</exception>
    /// <exception cref="InvalidOperationException">The meta-loss or meta-gradient stopped being finite; nothing more is saved.</exception>
    public TrainingResult<T> Train(TrainingState<T>? resume, CancellationToken cancellationToken = default)
    {
        var parameters = new T[_algorithm.Length];
        var optimizer = new Adam<T>(parameters.Length, T.CreateChecked(Options.OuterLearningRate));
        var losses = new List<double>(Math.Min(Options.Steps, 1 << 20));
        SplitMix64 rng;
        if (resume is null)
        {
            _algorithm.Initialize(parameters, Options.Seed);
            rng = new SplitMix64(unchecked((ulong)Options.Seed));
        }
        else
        {
            CheckCompatible(resume);
            resume.Parameters.CopyTo(parameters, 0);
            optimizer.RestoreState(resume.Optimizer);
            losses.AddRange(resume.Losses);
            rng = new SplitMix64(resume.SamplerState);
        }
        var gradient = new T[parameters.Length];
        var tasks = new MetaTask<T>[Options.MetaBatchSize];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = _sampler.Allocate();
        T maxNorm = T.CreateChecked(Options.MaxGradientNorm ?? 0);
        var clock = Stopwatch.StartNew();
        int first = losses.Count;
        int step = first;
        // Under mpirun the ranks decide together, so a signal that reaches one rank first stops all at the same step.
        while (step < Options.Steps && !Cluster.Current.Any(cancellationToken.IsCancellationRequested))
        {
            foreach (var task in tasks) _sampler.Sample(ref rng, task);
            T loss = _algorithm.MetaGradient(parameters, tasks, gradient);
            T norm = TensorPrimitives.Norm<T>(gradient);
            if (!T.IsFinite(loss) || !T.IsFinite(norm))
                throw new InvalidOperationException(
                    $"{_algorithm.Name} on {_algorithm.Learner.Name} diverged at step {step + 1}: meta-loss {loss}, meta-gradient norm {norm}. Try a smaller outer or inner learning rate, or --clip.");
            if (Options.MaxGradientNorm is not null) GradientClipping.ClipByNorm<T>(gradient, maxNorm);
            optimizer.Step(parameters, gradient);
            losses.Add(double.CreateChecked(loss));
            step++;
            var elapsed = clock.Elapsed;
            Options.Progress?.Report(new TrainingProgress(step, Options.Steps, losses[^1], (step - first) / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed));
            if (Options.CheckpointEvery is { } every && step % every == 0 && step < Options.Steps)
                Save(parameters, step, rng, optimizer, losses);
        }
        Save(parameters, step, rng, optimizer, losses);
        return new TrainingResult<T>(parameters, [.. losses], step < Options.Steps);
    }

    private void Save(T[] parameters, int step, SplitMix64 rng, Adam<T> optimizer, List<double> losses)
    {
        // Every rank holds the same state; one writes it.
        if (Options.CheckpointPath is not { } path || !Cluster.Current.IsRoot) return;
        TrainingCheckpoint.Save(path, _algorithm, new TrainingState<T>
        {
            Parameters = parameters,
            Step = step,
            SamplerState = rng.State,
            Optimizer = optimizer.CaptureState(),
            Losses = [.. losses],
            Seed = Options.Seed,
            MetaBatchSize = Options.MetaBatchSize,
            OuterLearningRate = Options.OuterLearningRate,
            MaxGradientNorm = Options.MaxGradientNorm,
            RunSettings = Options.RunSettings,
        });
    }

    private void CheckCompatible(TrainingState<T> state)
    {
        if (state.Parameters.Length != _algorithm.Length)
            throw new ArgumentException($"The saved state holds {state.Parameters.Length} meta-parameters; {_algorithm.Name} on {_algorithm.Learner.Name} has {_algorithm.Length}.", nameof(state));
        if (state.Losses.Length != state.Step)
            throw new ArgumentException($"The saved state has {state.Step} steps but {state.Losses.Length} losses.", nameof(state));
        Same("Seed", state.Seed, Options.Seed);
        Same("MetaBatchSize", state.MetaBatchSize, Options.MetaBatchSize);
        Same("OuterLearningRate", state.OuterLearningRate, Options.OuterLearningRate);
        Same("MaxGradientNorm", state.MaxGradientNorm, Options.MaxGradientNorm);
        if (state.Step > Options.Steps)
            throw new ArgumentException($"The saved run has taken {state.Step} steps, more than the {Options.Steps} planned.", nameof(state));
    }

    private static void Same<TValue>(string setting, TValue saved, TValue planned)
    {
        if (!EqualityComparer<TValue>.Default.Equals(saved, planned))
            throw new ArgumentException($"The saved run used {setting} = {saved?.ToString() ?? "none"}, this one {planned?.ToString() ?? "none"}; a resumed run must keep its settings.", "state");
    }
}
