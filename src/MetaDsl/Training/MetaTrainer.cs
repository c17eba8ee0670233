using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Checkpoints;
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
    /// <exception cref="InvalidOperationException">The meta-loss or meta-gradient stopped being finite; nothing is saved.</exception>
    public TrainingResult<T> Train(CancellationToken cancellationToken = default)
    {
        var parameters = new T[_algorithm.Length];
        _algorithm.Initialize(parameters, Options.Seed);
        var gradient = new T[parameters.Length];
        var optimizer = new Adam<T>(parameters.Length, T.CreateChecked(Options.OuterLearningRate));
        var tasks = new MetaTask<T>[Options.MetaBatchSize];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = _sampler.Allocate();
        var rng = new SplitMix64(unchecked((ulong)Options.Seed));
        T maxNorm = T.CreateChecked(Options.MaxGradientNorm ?? 0);
        var losses = new double[Options.Steps];
        var clock = Stopwatch.StartNew();
        int step = 0;
        while (step < Options.Steps && !cancellationToken.IsCancellationRequested)
        {
            foreach (var task in tasks) _sampler.Sample(ref rng, task);
            T loss = _algorithm.MetaGradient(parameters, tasks, gradient);
            T norm = TensorPrimitives.Norm<T>(gradient);
            if (!T.IsFinite(loss) || !T.IsFinite(norm))
                throw new InvalidOperationException(
                    $"{_algorithm.Name} on {_algorithm.Learner.Name} diverged at step {step + 1}: meta-loss {loss}, meta-gradient norm {norm}. Try a smaller outer or inner learning rate, or --clip.");
            if (Options.MaxGradientNorm is not null) GradientClipping.ClipByNorm<T>(gradient, maxNorm);
            optimizer.Step(parameters, gradient);
            losses[step++] = double.CreateChecked(loss);
            var elapsed = clock.Elapsed;
            Options.Progress?.Report(new TrainingProgress(step, Options.Steps, losses[step - 1], step / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed));
        }
        if (Options.CheckpointPath is { } path)
            Checkpoint.Save<T>(path, parameters, _algorithm.Layout, new CheckpointMetadata(_algorithm.Learner.Name, _algorithm.Name, step, Options.Seed));
        return new TrainingResult<T>(parameters, losses[..step], step < Options.Steps);
    }
}
