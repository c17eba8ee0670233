using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace MetaDsl.Generators.Tests.Fuzz;

/// <summary>
/// Mutants of valid learners, as typos and experiments would make them: whatever the user types,
/// the generator must not throw, fail (CS8785), hang or write runaway code; every diagnostic of
/// ours must point into the source; a learner it does not complete must come with a diagnostic
/// (ours or the compiler's); and when neither the input nor the generator reports an error, the
/// generated code must compile.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Mutants = 10_000;
    private const int Seed = 20261201;

    /// <summary>How much processor time the generator may spend on one mutant (wall time where the OS does not tell).</summary>
    private static readonly TimeSpan s_box = TimeSpan.FromSeconds(5);

    /// <summary>Wall time after which the generator is cancelled; a mutant still running twice as long is a hang.</summary>
    private static readonly TimeSpan s_cancelAfter = TimeSpan.FromSeconds(30);

    /// <summary>Generated code may grow with the source, never with loop bounds or nesting squared.</summary>
    private const int MaxGeneratedBytesPerSourceByte = 200;
    private const int MaxGeneratedBytesBase = 300_000;

    private const int OracleStackBytes = 256 << 20;

    [Fact]
    public void Mutated_learners_never_crash_hang_or_mislead_the_generator()
    {
        var bases = LearnerSources.All.Select(s => GeneratorHarness.Compile(s)).ToArray();
        // The generator's first runs pay its JIT; inside the time box, under a loaded CI machine, that alone took 5 s.
        foreach (var warm in bases) GeneratorHarness.Run(warm, CancellationToken.None);
        var failures = new ConcurrentQueue<string>();
        var slow = new ConcurrentQueue<string>();
        int completed = 0, withOurDiagnostics = 0, leftToCompiler = 0;
        long slowestTicks = 0, slowestGeneratorTicks = 0;
        var clock = Stopwatch.StartNew();

        Parallel.For(0, Mutants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, m =>
        {
            var random = new Random(Seed + m);
            var baseCompilation = bases[m % bases.Length];
            var baseTree = baseCompilation.SyntaxTrees.Single();
            string description = "";
            string? problem = null;
            var kind = Outcome.Other;
            var started = Stopwatch.GetTimestamp();
            // Roslyn's own parser and binder recurse once per level of nesting: the test's oracle gets
            // a deep stack as csc would, while the generator runs on an ordinary thread-pool thread.
            var oracle = new Thread(() =>
            {
                (var text, description) = Mutators.Mutate(baseTree.ToString(), random);
                problem = RunBoxed(baseCompilation, baseTree, text, out kind, out var generatorTime);
                InterlockedMax(ref slowestGeneratorTicks, generatorTime.Ticks);
            }, OracleStackBytes);
            oracle.Start();
            oracle.Join();
            var elapsed = Stopwatch.GetTimestamp() - started;
            InterlockedMax(ref slowestTicks, elapsed);
            if (problem is not null) failures.Enqueue($"mutant {m} ({description}): {problem}");
            if (elapsed > Stopwatch.Frequency * 2) slow.Enqueue($"mutant {m} ({description}): {elapsed / (double)Stopwatch.Frequency:F1} s");
            switch (kind)
            {
                case Outcome.Completed: Interlocked.Increment(ref completed); break;
                case Outcome.OurDiagnostics: Interlocked.Increment(ref withOurDiagnostics); break;
                default: Interlocked.Increment(ref leftToCompiler); break;
            }
        });

        output.WriteLine($"{Mutants} mutants in {clock.Elapsed.TotalSeconds:F1} s (slowest mutant {TimeSpan.FromTicks(slowestTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F2} s of wall time, "
            + $"slowest generator run {TimeSpan.FromTicks(slowestGeneratorTicks).TotalSeconds:F2} s of processor time): "
            + $"{completed} completed, {withOurDiagnostics} with MDSL diagnostics, {leftToCompiler} left to the compiler's errors or not learners");
        foreach (var line in slow) output.WriteLine(line);
        Assert.True(completed > Mutants / 10, "too few mutants were completed for the test to say much");
        Assert.True(withOurDiagnostics > Mutants / 10, "too few mutants drew MDSL diagnostics for the test to say much");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(25)));
    }

    private enum Outcome { Completed, OurDiagnostics, Other }

    private static string? RunBoxed(Compilation baseCompilation, SyntaxTree baseTree, string text, out Outcome kind, out TimeSpan generatorTime)
    {
        kind = Outcome.Other;
        generatorTime = default;
        var tree = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, baseTree.FilePath);
        // Bound on this thread, not on the thread pool's small stacks, so deep nesting meets Roslyn's own limits as in csc.
        var compilation = baseCompilation.ReplaceSyntaxTree(baseTree, tree).WithOptions(baseCompilation.Options.WithConcurrentBuild(false));
        using var cancel = new CancellationTokenSource(s_cancelAfter);
        GeneratorOutcome? outcome = null;
        Exception? error = null;
        TimeSpan used = default;
        // Its own thread with an ordinary stack, as a thread-pool thread would have, so its processor time can be read.
        var generator = new Thread(() =>
        {
            var wall = Stopwatch.StartNew();
            var before = ThreadCpuTime.Current();
            try
            {
                outcome = GeneratorHarness.Run(compilation, cancel.Token);
            }
            catch (Exception e)
            {
                error = e;
            }
            used = before is { } start && ThreadCpuTime.Current() is { } end ? end - start : wall.Elapsed;
        }) { IsBackground = true };
        generator.Start();
        bool finished = generator.Join(s_cancelAfter * 2);
        generatorTime = used;
        // A generator that ignores cancellation is a hang.
        if (!finished) return $"hang: still running {s_cancelAfter.TotalSeconds * 2} s after it started";
        if (error is OperationCanceledException) return $"time-out: not done within {s_cancelAfter.TotalSeconds} s of wall time";
        if (error is not null) return "exception " + error;
        if (used > s_box) return $"time-out: {used.TotalSeconds:F1} s of processor time (box {s_box.TotalSeconds} s)";
        kind = outcome!.Sources.Length > 0 ? Outcome.Completed : outcome.Mdsl.Any() ? Outcome.OurDiagnostics : Outcome.Other;
        return Check(outcome, tree, compilation, text.Length);
    }

    private static string? Check(GeneratorOutcome outcome, SyntaxTree tree, Compilation compilation, int sourceLength)
    {
        if (outcome.RunResult.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null) is { } exception) return "exception " + exception;
        if (outcome.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "MDSL0020") is { } bad) return bad.ToString();
        if (outcome.Mdsl.FirstOrDefault(d => d.Location == Location.None || d.Location.GetLineSpan().Path != tree.FilePath) is { } unlocated)
            return "not located in the learner's file: " + unlocated;

        long generated = outcome.Sources.Sum(s => (long)s.SourceText.Length);
        long bound = MaxGeneratedBytesBase + (long)MaxGeneratedBytesPerSourceByte * sourceLength;
        if (generated > bound) return $"{generated} generated characters for {sourceLength} of source (bound {bound})";

        if (outcome.Mdsl.Any() || tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return null;
        bool inputCompiles = !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        if (!inputCompiles) return null;
        var errors = outcome.OutputErrors;
        if (errors.Length > 0) return $"generated code does not compile: {errors[0]}";
        int learners = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Count(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Learner" or "LearnerAttribute"));
        return outcome.Sources.Length >= learners ? null : "a [Learner] produced neither source nor a diagnostic";
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
