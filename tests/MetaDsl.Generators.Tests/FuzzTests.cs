using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace MetaDsl.Generators.Tests;

/// <summary>
/// Token-level mutants of valid learners: whatever the user types, the generator must not crash
/// (CS8785), and a learner it does not complete must come with a diagnostic (ours or the compiler's).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int MutantsPerSource = 220;
    private const int Seed = 20240611;

    [Fact]
    public void Mutated_learners_never_crash_the_generator_and_are_never_silently_dropped()
    {
        var random = new Random(Seed);
        int mutants = 0, withSpec = 0, withOurDiagnostics = 0, onlyCompilerErrors = 0;
        var failures = new List<string>();

        foreach (var source in LearnerSources.All)
        {
            var baseCompilation = GeneratorHarness.Compile(source);
            var baseTree = baseCompilation.SyntaxTrees.Single();
            var tokens = baseTree.GetRoot().DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();

            for (int m = 0; m < MutantsPerSource; m++)
            {
                var (text, description) = Mutate(source, tokens, random);
                var tree = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, baseTree.FilePath);
                var compilation = baseCompilation.ReplaceSyntaxTree(baseTree, tree);
                var outcome = GeneratorHarness.Run(compilation);
                mutants++;

                var problem = Check(outcome, tree, compilation);
                if (problem is not null) failures.Add($"{description}: {problem}");
                if (outcome.Sources.Length > 0) withSpec++;
                else if (outcome.Mdsl.Any()) withOurDiagnostics++;
                else onlyCompilerErrors++;
            }
        }

        output.WriteLine($"{mutants} mutants: {withSpec} completed, {withOurDiagnostics} with MDSL diagnostics, {onlyCompilerErrors} left to the compiler's errors or not learners");
        Assert.True(mutants >= 1000);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static string? Check(GeneratorOutcome outcome, SyntaxTree tree, Compilation compilation)
    {
        if (outcome.RunResult.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null) is { } exception) return "exception " + exception;
        if (outcome.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "MDSL0020") is { } bad) return bad.ToString();

        bool parses = !tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        int learners = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Count(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Learner" or "LearnerAttribute"));
        if (!parses || outcome.Sources.Length >= learners || outcome.Mdsl.Any()) return null;
        return compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? null
            : "a [Learner] class produced neither source nor a diagnostic";
    }

    private static (string Text, string Description) Mutate(string source, List<SyntaxToken> tokens, Random random)
    {
        int i = random.Next(tokens.Count - 1);
        var token = tokens[i];
        switch (random.Next(3))
        {
            case 0:
                return (source.Remove(token.SpanStart, token.Span.Length), $"delete '{token.Text}' at {token.SpanStart}");
            case 1:
                return (source.Insert(token.Span.End, " " + token.Text), $"duplicate '{token.Text}' at {token.SpanStart}");
            default:
                var next = tokens[i + 1];
                var swapped = source.Substring(0, token.SpanStart) + next.Text
                    + source.Substring(token.Span.End, next.SpanStart - token.Span.End) + token.Text + source.Substring(next.Span.End);
                return (swapped, $"swap '{token.Text}' and '{next.Text}' at {token.SpanStart}");
        }
    }
}
