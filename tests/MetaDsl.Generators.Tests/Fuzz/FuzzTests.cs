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

    /// <summary>How long one mutant may take; the generator is cancelled then, and a mutant still running later is a hang.</summary>
    private static readonly TimeSpan s_box = TimeSpan.FromSeconds(5);

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
        long slowestTicks = 0;
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
                problem = RunBoxed(baseCompilation, baseTree, text, out kind);
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

        output.WriteLine($"{Mutants} mutants in {clock.Elapsed.TotalSeconds:F1} s (slowest {TimeSpan.FromTicks(slowestTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F2} s): "
            + $"{completed} completed, {withOurDiagnostics} with MDSL diagnostics, {leftToCompiler} left to the compiler's errors or not learners");
        foreach (var line in slow) output.WriteLine(line);
        Assert.True(completed > Mutants / 10, "too few mutants were completed for the test to say much");
        Assert.True(withOurDiagnostics > Mutants / 10, "too few mutants drew MDSL diagnostics for the test to say much");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(25)));
    }

    private enum Outcome { Completed, OurDiagnostics, Other }

    private static string? RunBoxed(Compilation baseCompilation, SyntaxTree baseTree, string text, out Outcome kind)
    {
        kind = Outcome.Other;
        var tree = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, baseTree.FilePath);
        // Bound on this thread, not on the thread pool's small stacks, so deep nesting meets Roslyn's own limits as in csc.
        var compilation = baseCompilation.ReplaceSyntaxTree(baseTree, tree).WithOptions(baseCompilation.Options.WithConcurrentBuild(false));
        using var cancel = new CancellationTokenSource(s_box);
        var run = Task.Run(() => GeneratorHarness.Run(compilation, cancel.Token));
        // A generator that ignores cancellation is a hang; give it a grace period before calling it one.
        if (!Finishes(run, s_box * 3)) return $"hang: still running {s_box.TotalSeconds * 3} s after it started";
        if (run.IsFaulted)
        {
            var error = run.Exception!.GetBaseException();
            return error is OperationCanceledException ? $"time-out: not done within {s_box.TotalSeconds} s" : "exception " + error;
        }
        var outcome = run.Result;
        kind = outcome.Sources.Length > 0 ? Outcome.Completed : outcome.Mdsl.Any() ? Outcome.OurDiagnostics : Outcome.Other;
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

    private static bool Finishes(Task task, TimeSpan within)
    {
        try
        {
            return task.Wait(within);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
