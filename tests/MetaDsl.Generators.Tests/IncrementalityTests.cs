using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaDsl.Generators.Tests;

public class IncrementalityTests
{
    [Theory]
    [MemberData(nameof(LearnerSources.Each), MemberType = typeof(LearnerSources))]
    public void A_comment_leaves_every_step_and_output_cached(string source)
    {
        var (second, _) = RunTwice(source);

        var result = second.Results.Single();
        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Spec })
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {o.Reason}"));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output step was {o.Reason}"));
    }

    [Fact]
    public void A_comment_that_moves_a_diagnostic_leaves_the_spec_step_cached()
    {
        const string broken = """
            using MetaDsl;
            using static MetaDsl.Ops;
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Square(x * W);
            }
            """;

        var (second, diagnostics) = RunTwice(broken);

        Assert.Contains(diagnostics, d => d.Id == "MDSL0006");
        var spec = second.Results.Single().TrackedSteps[TrackingNames.Spec];
        Assert.All(spec.SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Spec was {o.Reason}"));
    }

    /// <summary>Runs the generator, adds a comment at the top of the learner file, and runs the same driver again.</summary>
    private static (GeneratorDriverRunResult Second, IReadOnlyList<Diagnostic> Diagnostics) RunTwice(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.NewDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = CSharpSyntaxTree.ParseText("// an edit that changes nothing\n" + source, GeneratorHarness.ParseOptions, tree.FilePath);
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult();
        return (second, second.Diagnostics);
    }
}
