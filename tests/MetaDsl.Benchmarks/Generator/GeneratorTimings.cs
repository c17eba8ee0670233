using System.Collections.Immutable;
using System.Diagnostics;
using MetaDsl.Generators;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaDsl.Benchmarks.Generator;

/// <summary>
/// Build-time figures: how long the generator takes per learner, how much C# it writes (per op of
/// the learner's lowered loss graph) and how long the learner then compiles to IL. The generator runs
/// from a fresh driver each time, as a full build does; each figure is the median of warm runs.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/MetaDsl.Benchmarks -- generator</c>
/// </remarks>
internal static class GeneratorTimings
{
    private const int WarmRuns = 5;

    private static readonly CSharpParseOptions s_parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static void Run(TextWriter output)
    {
        var references = References();
        var cases = BenchmarkLearners.BuiltIn()
            .Append(("StraightLine (115 layers)", BenchmarkLearners.StraightLine(115)))
            .Append(("StraightLine (230 layers)", BenchmarkLearners.StraightLine(230)))
            .Append(("Loop (1,000 iterations)", BenchmarkLearners.Loop(1_000)))
            .Append(("Loop (10,000 iterations)", BenchmarkLearners.Loop(10_000)));
        output.WriteLine("| learner | ops | generator ms | generated KB | bytes per op | compile ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, source) in cases)
        {
            var compilation = CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText(source, s_parse)], references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            int ops = Ops(compilation);
            var generated = Generate(compilation, out var withGenerated);
            var errors = withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
                throw new InvalidOperationException($"{name}: generated code does not compile: {errors[0]}");
            double generateMs = Median(() => Generate(compilation, out _));
            double compileMs = Median(() => Compile(withGenerated.SyntaxTrees, references));
            long bytes = generated.Sum(s => (long)System.Text.Encoding.UTF8.GetByteCount(s));
            output.WriteLine($"| {name} | {ops:N0} | {generateMs:F0} | {bytes / 1024.0:F0} | {(double)bytes / ops:F0} | {compileMs:F0} |");
        }
    }

    private static List<string> Generate(Compilation compilation, out Compilation withGenerated)
    {
        var driver = CSharpGeneratorDriver.Create([new LearnerGenerator().AsSourceGenerator()], parseOptions: s_parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out withGenerated, out var diagnostics);
        var mdsl = driver.GetRunResult().Diagnostics.AddRange(diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (mdsl.Count > 0) throw new InvalidOperationException("the benchmark learner draws " + mdsl[0]);
        return driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToList();
    }

    /// <summary>Nodes of each learner's lowered loss graph, read from the generator's tracked parse step.</summary>
    private static int Ops(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new LearnerGenerator().AsSourceGenerator()], parseOptions: s_parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)).RunGenerators(compilation);
        return driver.GetRunResult().Results
            .SelectMany(r => r.TrackedSteps.TryGetValue(TrackingNames.Parse, out var steps) ? steps : ImmutableArray<IncrementalGeneratorRunStep>.Empty)
            .SelectMany(s => s.Outputs).Sum(o => ((ParseResult)o.Value).Spec?.Loss.Graph.Nodes.Count ?? 0);
    }

    /// <summary>A fresh compilation each time: a reused one would keep its bound trees between runs.</summary>
    private static void Compile(IEnumerable<SyntaxTree> trees, List<MetadataReference> references)
    {
        using var il = new MemoryStream();
        var result = CSharpCompilation.Create("Bench", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, optimizationLevel: OptimizationLevel.Release)).Emit(il);
        if (!result.Success) throw new InvalidOperationException("emit failed: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static double Median(Action action)
    {
        action();
        var times = new double[WarmRuns];
        for (int i = 0; i < WarmRuns; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[WarmRuns / 2];
    }

    /// <summary>The framework, MetaDsl, its kernels and ILGPU (which the generated device kernels use), as a project that uses MetaDsl compiles against.</summary>
    private static List<MetadataReference> References()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == runtime)
            .Append(typeof(LearnerAttribute).Assembly.Location)
            .Append(typeof(MetaDsl.Kernels.Gemm).Assembly.Location)
            .Append(typeof(ILGPU.Context).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
