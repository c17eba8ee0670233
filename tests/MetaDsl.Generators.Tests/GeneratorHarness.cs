using System.Collections.Immutable;
using MetaDsl.Generators;
using MetaDsl.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaDsl.Generators.Tests;

/// <summary>Compiles learner source in memory and runs the generator over it, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions s_options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true);

    /// <summary>The framework's reference assemblies plus MetaDsl (and its kernels and ILGPU when present), loaded once.</summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create("Learners", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Learner{i}.cs")), References, s_options);

    public static GeneratorDriver NewDriver()
        => CSharpGeneratorDriver.Create(
            new ISourceGenerator[] { new LearnerGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorOutcome Run(params string[] sources) => Run(Compile(sources));

    public static GeneratorOutcome Run(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics, cancellationToken);
        return new GeneratorOutcome(driver, driver.GetRunResult(), output, driverDiagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == runtimeDirectory);
        var metaDsl = typeof(MetaDsl.LearnerAttribute).Assembly.Location;
        var directory = Path.GetDirectoryName(metaDsl)!;
        var paths = framework.Append(metaDsl);
        // The kernels, and ILGPU, which the generated device kernels are written against.
        foreach (var library in new[] { "MetaDsl.Kernels.dll", "ILGPU.dll", "ILGPU.Algorithms.dll" })
            if (File.Exists(Path.Combine(directory, library))) paths = paths.Append(Path.Combine(directory, library));
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutcome(GeneratorDriver Driver, GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>The generator's own diagnostics (MDSL ids and any CS8785).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => RunResult.Diagnostics.AddRange(DriverDiagnostics).Distinct().ToImmutableArray();

    public IEnumerable<Diagnostic> Mdsl => Diagnostics.Where(d => d.Id.StartsWith("MDSL", StringComparison.Ordinal));

    public ImmutableArray<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray();

    /// <summary>What the parse step produced, read from the tracked steps.</summary>
    public IEnumerable<ParseResult> ParseResults
        => RunResult.Results.SelectMany(r => r.TrackedSteps.TryGetValue(TrackingNames.Parse, out var steps) ? steps : ImmutableArray<IncrementalGeneratorRunStep>.Empty)
            .SelectMany(s => s.Outputs).Select(o => (ParseResult)o.Value);

    /// <summary>The spec of the only learner.</summary>
    public LearnerSpec? SingleSpec => ParseResults.Single().Spec;

    public ImmutableArray<Diagnostic> OutputErrors
        => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
