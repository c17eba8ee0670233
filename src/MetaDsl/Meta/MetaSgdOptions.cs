namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="MetaSgd{TLearner, T}"/>; the step sizes themselves are meta-learned and passed with each call.</summary>
public sealed class MetaSgdOptions
{
    /// <summary>K, the number of inner gradient steps (each uses the same learned step-size vector). At least 1.</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>The value every learned step size starts from (<see cref="MetaSgd{TLearner, T}.Initialize"/>).</summary>
    public double InitialLearningRate { get; init; } = 0.01;

    /// <summary>Exact second-order meta-gradient (the default) or the first-order approximation.</summary>
    public MetaGradientOrder Order { get; init; } = MetaGradientOrder.Second;

    /// <summary>How many threads share a meta-batch, with the same determinism as <see cref="MamlOptions.Threads"/>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-gradient runs: <see cref="Device.Cpu"/> (the default) or an accelerator, where every task's
    /// support and query gradients and H·v products of a meta-batch run as one launch of the learner's generated
    /// kernels. <c>Adapt</c> runs on the CPU.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;
}
