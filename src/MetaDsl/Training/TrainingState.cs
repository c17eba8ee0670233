using MetaDsl.Optimizers;

namespace MetaDsl.Training;

/// <summary>
/// Everything a meta-training run carries from one outer step to the next: the meta-parameters, the
/// steps taken, the task stream's position, Adam's state and the loss curve, with the trainer settings
/// that shaped them. A run resumed from it continues exactly as the uninterrupted run would have.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class TrainingState<T> where T : unmanaged
{
    /// <summary>The meta-parameters after <see cref="Step"/> steps.</summary>
    public required T[] Parameters { get; init; }

    /// <summary>Outer steps taken.</summary>
    public required int Step { get; init; }

    /// <summary>The task stream's <see cref="SplitMix64.State"/> after those steps.</summary>
    public required ulong SamplerState { get; init; }

    /// <summary>The outer optimizer's state.</summary>
    public required AdamState<T> Optimizer { get; init; }

    /// <summary>The meta-loss of every step taken, in order.</summary>
    public required double[] Losses { get; init; }

    /// <summary>The run's seed (initialization and the start of the task stream).</summary>
    public required int Seed { get; init; }

    /// <summary>Tasks per outer step.</summary>
    public required int MetaBatchSize { get; init; }

    /// <summary>Adam's step size.</summary>
    public required double OuterLearningRate { get; init; }

    /// <summary>The meta-gradient norm bound, or null for none.</summary>
    public required double? MaxGradientNorm { get; init; }

    /// <summary>What the caller recorded with the run (<see cref="MetaTrainerOptions.RunSettings"/>), e.g. the command line's options.</summary>
    public IReadOnlyDictionary<string, string> RunSettings { get; init; } = new Dictionary<string, string>();
}
