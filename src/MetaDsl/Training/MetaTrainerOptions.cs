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

    /// <summary>When set, the final parameters are saved here (atomically) after the last step, also when cancelled; a failed run saves nothing.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Receives a report after every outer step, on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Checks the settings.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(MetaBatchSize, 1, nameof(MetaBatchSize));
        if (!double.IsFinite(OuterLearningRate) || OuterLearningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(OuterLearningRate), OuterLearningRate, "The outer step size must be finite and positive.");
        if (MaxGradientNorm is { } norm && !(norm > 0 && double.IsFinite(norm)))
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), norm, "The gradient-norm bound must be finite and positive.");
    }
}
