namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="ProtoNet{TLearner, T}"/>.</summary>
public sealed class ProtoNetOptions
{
    /// <summary>How many threads share a meta-batch, with the same determinism as <see cref="MamlOptions.Threads"/>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-gradient runs: <see cref="Device.Cpu"/> (the SIMD path, the default) or an accelerator
    /// (<see cref="Device.IlgpuCpu"/>, <see cref="Device.Cuda"/>), where a meta-batch's support sets are embedded in one
    /// launch of the learner's generated <c>[Forward]</c> kernels, its query sets in another, and both pulled back to
    /// theta in one launch each; the prototypes, distances and loss are computed on the CPU in between. The tasks' support
    /// sets share their shapes, and so do their query sets. <c>Evaluate</c>, <c>Score</c> and <c>Adapt</c> run on the CPU.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;
}
