namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="Reptile{TLearner, T}"/>.</summary>
public sealed class ReptileOptions
{
    /// <summary>K, the number of inner gradient steps. At least 1.</summary>
    public int InnerSteps { get; init; } = 5;

    /// <summary>The inner step size.</summary>
    public double InnerLearningRate { get; init; } = 0.01;

    /// <summary>
    /// Rows of the support set per inner step; 0 (the default) uses the whole support set every step.
    /// Otherwise step k uses rows k·b … k·b + b − 1, wrapping around, of every support tensor (samplers
    /// already shuffle, so consecutive windows are random minibatches).
    /// </summary>
    public int InnerBatchSize { get; init; }

    /// <summary>How many threads share a meta-batch, with the same determinism as <see cref="MamlOptions.Threads"/>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-batch's inner loops run: <see cref="Device.Cpu"/> (the default) or an accelerator, where each
    /// inner step's support gradients of all tasks are one launch of the learner's generated kernels. <c>Adapt</c> runs on the CPU.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;
}
