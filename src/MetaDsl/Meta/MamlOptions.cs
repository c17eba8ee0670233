using System.Numerics;

namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="Maml{TLearner, T}"/> (and, through <see cref="AnilOptions"/>, of ANIL).</summary>
public class MamlOptions
{
    /// <summary>K, the number of inner gradient steps on the support set. At least 1.</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>The inner step size alpha, used at every step unless <see cref="InnerLearningRates"/> is set.</summary>
    public double InnerLearningRate { get; init; } = 0.01;

    /// <summary>Optional per-step sizes alpha_0 … alpha_{K-1}; overrides <see cref="InnerLearningRate"/>.</summary>
    public double[]? InnerLearningRates { get; init; }

    /// <summary>Exact second-order meta-gradient (the default) or the first-order approximation.</summary>
    public MetaGradientOrder Order { get; init; } = MetaGradientOrder.Second;

    /// <summary>
    /// How many threads share a meta-batch. Tasks are split into fixed contiguous blocks and reduced
    /// in a fixed order, so results are bit-identical for a given value. 1 runs on the calling thread.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks the settings and returns the step size of each inner step.</summary>
    internal T[] StepRates<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InnerSteps, 1, nameof(InnerSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        if (InnerLearningRates is { } rates && rates.Length != InnerSteps)
            throw new ArgumentException($"InnerLearningRates has {rates.Length} entries, expected one per inner step ({InnerSteps}).", nameof(InnerLearningRates));
        var result = new T[InnerSteps];
        for (int k = 0; k < InnerSteps; k++)
            result[k] = T.CreateChecked(InnerLearningRates?[k] ?? InnerLearningRate);
        return result;
    }
}
