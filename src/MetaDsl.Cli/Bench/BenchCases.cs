namespace MetaDsl.Cli.Bench;

/// <summary>Every case <c>metadsl bench</c> knows, in report order.</summary>
public static class BenchCases
{
    /// <summary>The sinusoid cases, then the Conv-4 Omniglot cases.</summary>
    public static IReadOnlyList<BenchCase> All { get; } = [.. SineBenchCases.All, .. ConvBenchCases.All];

    /// <summary>The largest meta-batch of a threaded case: more threads than this never help.</summary>
    public static int MaxMetaBatch => Math.Max(SineBenchCases.MetaBatch, ConvBenchCases.MetaBatch);
}
