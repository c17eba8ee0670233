namespace MetaDsl.Training;

/// <summary>Settings of <see cref="MetaTrainer{T}"/> and <see cref="JointTrainer{TLearner, T}"/>.</summary>
public sealed class MetaTrainerOptions
{
    /// <summary>Outer steps to take. At least 1.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Tasks per outer step. At least 1.</summary>
    public int MetaBatchSize { get; init; } = 25;

    /// <summary>Adam's step size for the outer loop.</summary>
    public double OuterLearningRate { get; init; } = 1e-3;

    /// <summary>When set, each outer gradient is rescaled to at most this Euclidean norm before the Adam step.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Seeds both the initialization and the trainer's single task-sampling stream.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// When set, the run's <see cref="TrainingState{T}"/> is saved here (atomically) after the last step,
    /// also when cancelled, and every <see cref="CheckpointEvery"/> steps; a failed run saves nothing more.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>When set (with <see cref="CheckpointPath"/>), also save after every this many steps, so a killed run loses at most that many.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>Entries recorded in every checkpoint and handed back in <see cref="TrainingState{T}.RunSettings"/> (e.g. the command line's options).</summary>
    public IReadOnlyDictionary<string, string> RunSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives a report after every outer step, on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Checks the settings.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(MetaBatchSize, 1, nameof(MetaBatchSize));
        if (!double.IsFinite(OuterLearningRate) || OuterLearningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(OuterLearningRate), OuterLearningRate, "The outer step size must be finite and positive.");
        if (CheckpointEvery is { } every) ArgumentOutOfRangeException.ThrowIfLessThan(every, 1, nameof(CheckpointEvery));
        ArgumentNullException.ThrowIfNull(RunSettings);
        if (MaxGradientNorm is { } norm && !(norm > 0 && double.IsFinite(norm)))
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), norm, "The gradient-norm bound must be finite and positive.");
    }
}
