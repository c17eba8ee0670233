using BenchmarkDotNet.Attributes;
using MetaDsl.Cli.Bench;

namespace MetaDsl.Benchmarks;

/// <summary>The same cases as <c>metadsl bench</c> (sine-maml-so-5, sine-maml-fo-5, sine-hvp-10, lopt-pes-step), under BenchmarkDotNet.</summary>
[MemoryDiagnoser]
public class MetaStepBenchmarks
{
    private Action _step = null!;

    /// <summary>The case name.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    /// <summary>Meta-batch threads (ignored by single-task cases).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Every case of <see cref="SineBenchCases"/> and <see cref="LoptBenchCases"/>.</summary>
    public static IEnumerable<string> Cases => SineBenchCases.All.Concat(LoptBenchCases.All).Select(c => c.Name);

    [GlobalSetup]
    public void Setup() => _step = SineBenchCases.All.Concat(LoptBenchCases.All).Single(c => c.Name == Case).Prepare(Threads);

    [Benchmark]
    public void Step() => _step();
}
