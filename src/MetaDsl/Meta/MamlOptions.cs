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
    /// How many threads share a meta-batch. Task gradients are summed in task order whichever thread
    /// computed them, so results are bit-identical for every value. 1 runs on the calling thread.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-gradient runs: <see cref="Device.Cpu"/> (the SIMD path, the default) or an accelerator
    /// (<see cref="Device.IlgpuCpu"/>, <see cref="Device.Cuda"/>), where every task's support and query gradients
    /// and H·v products of a meta-batch run as one launch of the learner's generated kernels. <c>Adapt</c> runs on the CPU.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>
    /// Optional weights w_0 … w_K of the query loss after each inner step (MAML++'s multi-step loss):
    /// the meta-loss becomes sum_k w_k · L_query(theta_k) instead of L_query(theta_K), so a model can be
    /// meta-trained to be good after one step and after K steps at once. K + 1 entries; null means
    /// only the last step counts.
    /// </summary>
    public double[]? QueryLossWeights { get; init; }

    /// <summary>
    /// Bootstrapped meta-learning (Flennerhag et al., 2022) when set: L, the inner steps taken beyond the K adapted ones
    /// (then one step on the query loss) to make a target that no gradient flows through, and the meta-loss becomes
    /// ½‖θ_K − target‖² (see <c>bmg</c>). Null is plain MAML. At least 0; not with <see cref="QueryLossWeights"/>.
    /// </summary>
    public int? BootstrapSteps { get; init; }

    /// <summary>How bootstrapped meta-learning matches the adapted parameters to their target (with <see cref="BootstrapSteps"/>).</summary>
    public BootstrapMatching BootstrapMatching { get; init; } = BootstrapMatching.SquaredDistance;

    /// <summary>Checks <see cref="QueryLossWeights"/> and converts it, or returns null when only the last step counts.</summary>
    internal T[]? QueryWeights<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (QueryLossWeights is not { } weights) return null;
        if (weights.Length != InnerSteps + 1)
            throw new ArgumentException($"QueryLossWeights has {weights.Length} entries, expected one per inner step and one before adapting ({InnerSteps + 1}).", nameof(QueryLossWeights));
        foreach (var w in weights)
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"QueryLossWeights must be finite and non-negative, got {w}.", nameof(QueryLossWeights));
        return weights.Select(T.CreateChecked).ToArray();
    }

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
