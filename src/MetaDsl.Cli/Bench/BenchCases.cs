using MetaDsl;

namespace MetaDsl.Cli.Bench;

/// <summary>Every case <c>metadsl bench</c> knows, in report order.</summary>
public static class BenchCases
{
    /// <summary>The sinusoid cases, the Conv-4 Omniglot cases, the learned optimizer's, then the in-context ones.</summary>
    public static IReadOnlyList<BenchCase> All { get; } = [.. SineBenchCases.All, .. ConvBenchCases.All, .. LoptBenchCases.All, .. InContextBenchCases.All];

    /// <summary>
    /// The cases that run on <paramref name="device"/> (on an accelerator only the sinusoid MAML cases have device kernels),
    /// the Conv-4 cases with <paramref name="convInnerSteps"/> inner steps over meta-batches of <paramref name="convMetaBatch"/>.
    /// </summary>
    public static IReadOnlyList<BenchCase> For(Device device, int convInnerSteps = ConvBenchCases.InnerSteps, int convMetaBatch = ConvBenchCases.MetaBatch)
        => device.IsAccelerator
            ? SineBenchCases.For(device)
            : [.. SineBenchCases.All, .. ConvBenchCases.Create(convInnerSteps, convMetaBatch), .. LoptBenchCases.All, .. InContextBenchCases.All];

    /// <summary>The largest meta-batch of a threaded case: more threads than this never help.</summary>
    public static int MaxMetaBatch => Math.Max(Math.Max(Math.Max(SineBenchCases.MetaBatch, ConvBenchCases.MetaBatch), LoptBenchCases.Pairs), InContextBenchCases.MetaBatch / InContextBenchCases.ChunkSize);
}
