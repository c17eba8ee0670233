using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Tests;

public class ValidLearnerTests
{
    [Theory]
    [MemberData(nameof(LearnerSources.Each), MemberType = typeof(LearnerSources))]
    public void Produces_a_spec_and_source_without_diagnostics(string source)
    {
        var outcome = GeneratorHarness.Run(source);

        Assert.Empty(outcome.Diagnostics);
        Assert.NotNull(outcome.SingleSpec);
        Assert.Single(outcome.Sources);
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void A_meta_loss_is_emitted_beside_the_loss_and_the_inner_gradient_never_computes_meta_entries()
    {
        var outcome = GeneratorHarness.Run(LearnerSources.SeparateMetaLoss);
        Assert.Equal("Task", outcome.SingleSpec!.MetaLoss!.MethodName);
        string source = outcome.Sources.Single().SourceText.ToString();
        Assert.Contains("public static T MetaLoss<T>(", source);
        Assert.Contains("public static T MetaLossGradient<T>(", source);
        Assert.Contains("hasMetaLoss: true", source);

        string gradient = Body(source, "public static T Gradient<T>("), adapted = Body(source, "public static T AdaptedGradient<T>(");
        Assert.Contains("gradient.Slice(24, 6).Clear(); // P: a [MetaParam], which the inner loop does not adapt", adapted);
        Assert.Contains("gradient.Slice(30, 6).Clear(); // R: a [MetaParam], which the inner loop does not adapt", adapted);
        Assert.DoesNotContain("// P\n", adapted);
        // The learned loss's own weights need matrix products of their own in the full gradient; the inner one skips them.
        Assert.True(Lines(adapted) < Lines(gradient), $"AdaptedGradient has {Lines(adapted)} lines, Gradient {Lines(gradient)}");
    }

    [Fact]
    public void Learners_without_a_meta_loss_or_meta_parameters_keep_the_interface_defaults()
    {
        string source = GeneratorHarness.Run(LearnerSources.SineMlp).Sources.Single().SourceText.ToString();
        // Only the device side's kernel of the outer objective is emitted for every learner; it runs the [Loss] here.
        Assert.DoesNotContain("public static T MetaLoss<T>(", source);
        Assert.DoesNotContain("public static T MetaLossGradient<T>(", source);
        Assert.DoesNotContain("MetaLossGradientOf", source);
        Assert.DoesNotContain("AdaptedGradient", source);
        Assert.DoesNotContain("MetaLoss<T>(", GeneratorHarness.Run(LearnerSources.LearnedLoss).Sources.Single().SourceText.ToString());
    }

    /// <summary>The text of the generated method that starts with <paramref name="signature"/>, up to the next member's blank line.</summary>
    private static string Body(string source, string signature)
    {
        int start = source.IndexOf(signature, System.StringComparison.Ordinal);
        Assert.True(start >= 0, signature + " not generated");
        int end = source.IndexOf("\n\n", start, System.StringComparison.Ordinal);
        return source.Substring(start, (end < 0 ? source.Length : end) - start);
    }

    private static int Lines(string text) => text.Split('\n').Length;

    [Fact]
    public void The_marked_forward_method_is_the_model_wherever_it_is_declared()
    {
        var spec = GeneratorHarness.Run("""
            using MetaDsl;
            using static MetaDsl.Ops;

            [Learner]
            public partial class Helped
            {
                [Param(2, 1)] public Tensor W;
                [Forward] public Tensor Hidden([Shape("n", 2)] Tensor x) => Tanh(x);
                [Forward(Model = true)] public Tensor Predict([Shape("n", 2)] Tensor x) => MatMul(Hidden(x), W);
                [Loss] public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
            }
            """).SingleSpec!;
        Assert.Equal("Predict", spec.Forward!.MethodName);
    }

    [Fact]
    public void Reads_parameters_in_declaration_order_with_init_and_meta_flags()
    {
        var spec = GeneratorHarness.Run(LearnerSources.LearnedLoss).SingleSpec!;

        var parameters = spec.Parameters;
        Assert.Equal(["W1", "B1", "W2", "B2", "LossScale", "Shift"], parameters.Select(p => p.Name));
        Assert.Equal("Constant", parameters[4].Init);
        Assert.Equal(1.5, parameters[4].InitValue);
        Assert.True(parameters[5].IsMeta);
        Assert.False(parameters[0].IsMeta);
        Assert.Equal([20, 1], parameters[2].Dims);
    }

    [Fact]
    public void Records_namespace_enclosing_types_and_the_forward_method_marked_as_the_model()
    {
        var spec = GeneratorHarness.Run(LearnerSources.TanhNet).SingleSpec!;

        Assert.Equal("Demo.Nets", spec.Namespace);
        Assert.Equal(["partial class Zoo"], spec.ContainingTypes);
        Assert.Equal("Predict", spec.Forward!.MethodName);
        Assert.Equal(["x", "y"], spec.Loss.Inputs.Select(i => i.Name));
        Assert.Equal("[batch, 1]", Shapes.Format(spec.Loss.Inputs[1].Shape));
    }

    [Fact]
    public void Unrolls_loops_and_inlines_helpers_into_one_graph()
    {
        var nodes = GeneratorHarness.Run(LearnerSources.TanhNet).SingleSpec!.Forward!.Graph.Nodes;

        // One Linear + Tanh for the first layer and each of the three hidden layers, then the output Linear.
        Assert.Equal(4, nodes.Count(n => n.Op == OpKind.Tanh));
        Assert.Equal(5, nodes.Count(n => n.Op == OpKind.MatMul));
    }

    /// <summary>Modifiers that do not stop the generated static members and eager loader from compiling.</summary>
    [Theory]
    [InlineData("public abstract partial class L", "")]
    [InlineData("public sealed partial class L", "")]
    [InlineData("internal partial class L", "")]
    [InlineData("private partial class L", "public static partial class Outer { ")]
    public void Abstract_sealed_internal_and_nested_learners_build(string declaration, string outer)
    {
        string source = $$"""
            using MetaDsl;
            using static MetaDsl.Ops;

            {{outer}}[Learner]
            {{declaration}}
            {
                [Param(1, 1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(MatMul(x, W), y);
            }
            {{(outer.Length > 0 ? "}" : "")}}
            """;
        var outcome = GeneratorHarness.Run(source);

        Assert.Empty(outcome.Diagnostics);
        Assert.Single(outcome.Sources);
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void Learner_members_may_be_split_over_partial_declarations_in_several_files()
    {
        const string first = """
            using MetaDsl;
            using static MetaDsl.Ops;
            [Learner]
            public partial class Split
            {
                [Param(2, 1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
            }
            """;
        const string second = """
            using MetaDsl;
            using static MetaDsl.Ops;
            public partial class Split
            {
                [Forward] public Tensor Predict([Shape("n", 2)] Tensor x) => MatMul(x, W);
            }
            """;

        var outcome = GeneratorHarness.Run(first, second);

        Assert.Empty(outcome.Diagnostics);
        Assert.NotNull(outcome.SingleSpec);
    }
}
