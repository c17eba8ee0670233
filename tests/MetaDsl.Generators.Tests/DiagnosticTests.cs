using Microsoft.CodeAnalysis;

namespace MetaDsl.Generators.Tests;

/// <summary>One test per diagnostic: its id, and that it sits exactly on the offending text.</summary>
public class DiagnosticTests
{
    private const string Usings = "using MetaDsl;\nusing static MetaDsl.Ops;\n";

    /// <summary>A learner whose [Loss] body (and extra members) are given, with inputs x [n, 2] and y [n, 1].</summary>
    private static string Learner(string lossBody, string members = "")
        => Usings + $$"""
            [Learner]
            public partial class L
            {
                [Param(2, 1)] public Tensor W;
                [Param(1)] public Tensor B;
            {{members}}
                [Loss]
                public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y)
                {
                    {{lossBody}}
                }
            }
            """;

    private static Diagnostic AssertReported(string id, string marked)
    {
        var source = MarkedSource.Parse(marked);
        var outcome = GeneratorHarness.Run(source.Text);

        var matching = outcome.Mdsl.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count > 0, $"{id} not reported; got: {string.Join("; ", outcome.Diagnostics)}");
        var at = matching.FirstOrDefault(d => d.Location.SourceSpan == source.Span);
        Assert.True(at is not null,
            $"{id} expected at '{source.Text.Substring(source.Span.Start, source.Span.Length)}' but was at: "
            + string.Join("; ", matching.Select(d => $"'{source.Text.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}'")));
        Assert.Null(outcome.SingleSpec);
        Assert.Empty(outcome.Sources);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id is "MDSL0020" or "CS8785");
        return at!;
    }

    [Fact]
    public void MDSL0001_shape_mismatch_names_both_shapes()
    {
        var d = AssertReported("MDSL0001", Learner("return Mse(⟦Linear(y, W, B)⟧, y);"));
        var message = d.GetMessage();
        Assert.Contains("[n, 1]", message);
        Assert.Contains("[2, 1]", message);
    }

    [Fact]
    public void MDSL0001_for_an_argument_that_does_not_fit_a_forward_method()
        => AssertReported("MDSL0001", Learner("return Mse(Predict(⟦y⟧), y);",
            "[Forward] public Tensor Predict([Shape(\"n\", 2)] Tensor x) => Linear(x, W, B);"));

    [Fact]
    public void MDSL0002_unknown_method()
        => AssertReported("MDSL0002", Learner("return Mse(Linear(x, W, B), y) * ⟦System.Math.Sqrt(2.0)⟧;"));

    [Fact]
    public void MDSL0002_learner_method_without_forward()
        => AssertReported("MDSL0002", Learner("return Mse(⟦Helper(x)⟧, y);",
            "public Tensor Helper(Tensor x) => Linear(x, W, B);"));

    [Fact]
    public void MDSL0003_while_loop()
    {
        var d = AssertReported("MDSL0003", Learner("var h = Linear(x, W, B);\n⟦while (h == null) { h = Relu(h); }⟧\nreturn Mse(h, y);"));
        Assert.Contains("a while loop", d.GetMessage());
    }

    [Fact]
    public void MDSL0003_if_whose_condition_is_not_known_at_build_time()
        => AssertReported("MDSL0003", Learner("var h = Linear(x, W, B);\nif (⟦h == null⟧) h = y;\nreturn Mse(h, y);"));

    [Fact]
    public void MDSL0004_param_without_dims()
        => AssertReported("MDSL0004", Usings + """
            [Learner]
            public partial class L
            {
                [⟦Param⟧] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x);
            }
            """);

    [Fact]
    public void MDSL0005_no_loss()
        => AssertReported("MDSL0005", Usings + """
            [Learner]
            public partial class ⟦L⟧
            {
                [Param(1)] public Tensor W;
                [Forward] public Tensor Predict([Shape("n", 1)] Tensor x) => x * W;
            }
            """);

    [Fact]
    public void MDSL0006_loss_that_is_not_a_scalar()
    {
        var d = AssertReported("MDSL0006", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor ⟦Loss⟧([Shape("n", 1)] Tensor x) => Square(x * W);
            }
            """);
        Assert.Contains("[n, 1]", d.GetMessage());
    }

    [Fact]
    public void MDSL0007_learner_not_partial()
        => AssertReported("MDSL0007", Usings + """
            [Learner]
            public class ⟦L⟧
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x * W);
            }
            """);

    [Fact]
    public void MDSL0007_enclosing_type_not_partial()
        => AssertReported("MDSL0007", Usings + """
            public class ⟦Outer⟧
            {
                [Learner]
                public partial class L
                {
                    [Param(1)] public Tensor W;
                    [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x * W);
                }
            }
            """);

    [Fact]
    public void MDSL0008_recursion_names_the_cycle()
    {
        var d = AssertReported("MDSL0008", Learner("return Mse(A(x), y);", """
                [Forward(Model = true)] public Tensor A([Shape("n", 2)] Tensor x) => B(x);
                [Forward] public Tensor B([Shape("n", 2)] Tensor x) => ⟦A(x)⟧;
            """));
        Assert.Contains("A -> B -> A", d.GetMessage());
    }

    [Fact]
    public void MDSL0009_dim_expression_cannot_be_bound()
        => AssertReported("MDSL0009", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", ⟦"n+1"⟧)] Tensor x) => Mean(x * W);
            }
            """);

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"\"")]
    [InlineData("\"2n\"")]
    public void MDSL0009_invalid_dims(string dim)
        => AssertReported("MDSL0009", Usings + $$"""
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", ⟦{{dim}}⟧)] Tensor x) => Mean(x * W);
            }
            """);

    [Theory]
    [InlineData("0, 3")]
    [InlineData("1, 2, 1, 2, 1, 2, 1")]
    [InlineData("100000, 100000")]
    public void MDSL0010_invalid_param_dims(string dims)
        => AssertReported("MDSL0010", Usings + $$"""
            [Learner]
            public partial class L
            {
                [⟦Param({{dims}})⟧] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x);
            }
            """);

    [Fact]
    public void MDSL0011_input_without_shape()
        => AssertReported("MDSL0011", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss(⟦Tensor x⟧) => Mean(x * W);
            }
            """);

    [Fact]
    public void MDSL0012_param_of_wrong_type()
        => AssertReported("MDSL0012", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public ⟦double⟧ W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x);
            }
            """);

    [Fact]
    public void MDSL0012_input_of_wrong_type()
        => AssertReported("MDSL0012", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x, [Shape(1)] ⟦double⟧ scale) => Mean(x * W) * scale;
            }
            """);

    [Fact]
    public void MDSL0013_axis_that_is_not_constant()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(Sum(x, ⟦Axis⟧));",
            "private static readonly int Axis = 1;"));

    [Fact]
    public void MDSL0006_meta_loss_that_is_not_a_scalar()
    {
        var d = AssertReported("MDSL0006", Learner("return Mse(Linear(x, W, B), y);",
            "[MetaLoss] public Tensor ⟦Outer⟧([Shape(\"n\", 2)] Tensor x, [Shape(\"n\", 1)] Tensor y) => Square(Linear(x, W, B) - y);"));
        Assert.StartsWith("[MetaLoss] method 'Outer' returns shape [n, 1]", d.GetMessage());
    }

    [Fact]
    public void MDSL0025_more_than_one_meta_loss()
        => AssertReported("MDSL0025", Learner("return Mse(Linear(x, W, B), y);",
            "[MetaLoss] public Tensor Outer([Shape(\"n\", 2)] Tensor x, [Shape(\"n\", 1)] Tensor y) => Mse(Linear(x, W, B), y);\n" +
            "[MetaLoss] public Tensor ⟦Other⟧([Shape(\"n\", 2)] Tensor x, [Shape(\"n\", 1)] Tensor y) => Mean(Square(Linear(x, W, B) - y));"));

    [Fact]
    public void MDSL0027_several_forward_methods_and_none_is_the_model()
    {
        var d = AssertReported("MDSL0027", Usings + """
            [Learner]
            public partial class ⟦L⟧
            {
                [Param(2, 1)] public Tensor W;
                [Forward] public Tensor Predict([Shape("n", 2)] Tensor x) => Hidden(x) * W;
                [Forward] public Tensor Hidden([Shape("n", 2)] Tensor x) => Tanh(x);
                [Loss] public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(MatMul(Hidden(x), W), y);
            }
            """);
        Assert.Contains("(Predict, Hidden)", d.GetMessage());
        Assert.Contains("[Forward(Model = true)]", d.GetMessage());
    }

    [Fact]
    public void MDSL0027_two_forward_methods_marked_as_the_model()
        => AssertReported("MDSL0027", Usings + """
            [Learner]
            public partial class L
            {
                [Param(2, 1)] public Tensor W;
                [Forward(Model = true)] public Tensor Predict([Shape("n", 2)] Tensor x) => MatMul(x, W);
                [Forward(Model = true)] public Tensor ⟦Other⟧([Shape("n", 2)] Tensor x) => MatMul(Tanh(x), W);
                [Loss] public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
            }
            """);

    [Theory]
    [InlineData("[Shape(\"n\", 2)] Tensor x")]
    [InlineData("[Shape(\"n\", 1)] Tensor y, [Shape(\"n\", 2)] Tensor x")]
    [InlineData("[Shape(\"n\", 2)] Tensor x, [Shape(\"m\", 1)] Tensor y")]
    public void MDSL0026_a_meta_loss_whose_inputs_differ_from_the_loss(string inputs)
    {
        var d = AssertReported("MDSL0026", Learner("return Mse(Linear(x, W, B), y);",
            "[MetaLoss] public Tensor ⟦Outer⟧(" + inputs + ") => Mean(x);"));
        Assert.Contains("but the [Loss] method 'Loss' takes x [n, 2], y [n, 1]", d.GetMessage());
    }

    [Fact]
    public void MDSL0014_more_than_one_loss()
        => AssertReported("MDSL0014", Usings + """
            [Learner]
            public partial class L
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x * W);
                [Loss] public Tensor ⟦Other⟧([Shape("n", 1)] Tensor x) => Mean(x);
            }
            """);

    [Fact]
    public void MDSL0015_softmax_axis_out_of_range()
        => AssertReported("MDSL0015", Learner("return Mse(Linear(⟦LogSoftmax(x, 2)⟧, W, B), y);"));

    [Fact]
    public void MDSL0015_sum_axis_out_of_range()
        => AssertReported("MDSL0015", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Sum(x, -3)⟧);"));

    [Fact]
    public void MDSL0016_local_used_before_a_tensor_is_assigned()
        => AssertReported("MDSL0016", Learner("Tensor h = null;\nreturn Mse(Linear(⟦h⟧, W, B), y);"));

    [Fact]
    public void MDSL0017_generic_learner()
        => AssertReported("MDSL0017", Usings + """
            [Learner]
            public partial class ⟦L⟧<T>
            {
                [Param(1)] public Tensor W;
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x * W);
            }
            """);

    [Fact]
    public void Static_learner_is_refused_by_name()
        => AssertReported("MDSL0003", Usings + """
            [Learner]
            public static partial class ⟦L⟧
            {
                [Param(1)] public static Tensor W;
                [Loss] public static Tensor Loss([Shape("n", 1)] Tensor x) => Mean(x * W);
            }
            """);

    [Fact]
    public void MDSL0018_loop_too_long()
        => AssertReported("MDSL0018", Learner("var h = Linear(x, W, B);\n⟦for (int i = 0; i < 20000; i++)⟧ h = h + 1.0;\nreturn Mse(h, y);"));

    [Fact]
    public void MDSL0019_invalid_op_argument()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Reshape(x, -1, -1)⟧);"));

    [Fact]
    public void MDSL0019_transpose_of_a_vector()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Transpose(B)⟧);"));

    /// <summary>A conv learner whose [Loss] body is given, with input x [n, 1, 6, 6], W [4, 1, 3, 3], b [4], W2 [4, 2, 3, 3] and gamma/beta [4].</summary>
    private static string ConvLearner(string lossBody)
        => Usings + $$"""
            [Learner]
            public partial class C
            {
                [Param(4, 1, 3, 3)] public Tensor W;
                [Param(4)] public Tensor B;
                [Param(4, 2, 3, 3)] public Tensor W2;
                [Param(4, 1, 7, 7)] public Tensor Big;
                [Param(4)] public Tensor Gamma;
                [Param(3)] public Tensor Short;
                private static readonly int Stride = 1;

                [Loss]
                public Tensor Loss([Shape("n", 1, 6, 6)] Tensor x, [Shape("n", 6)] Tensor flat)
                {
                    {{lossBody}}
                }
            }
            """;

    [Fact]
    public void MDSL0001_conv_channel_mismatch_names_both_shapes()
    {
        var d = AssertReported("MDSL0001", ConvLearner("return Sum(⟦Conv2d(x, W2, B)⟧);"));
        Assert.Contains("[n, 1, 6, 6]", d.GetMessage());
        Assert.Contains("[4, 2, 3, 3]", d.GetMessage());
    }

    [Fact]
    public void MDSL0001_conv_bias_of_the_wrong_length()
        => AssertReported("MDSL0001", ConvLearner("return Sum(⟦Conv2d(x, W, Short, padding: 1)⟧);"));

    [Fact]
    public void MDSL0019_conv_window_larger_than_the_padded_input()
    {
        var d = AssertReported("MDSL0019", ConvLearner("return Sum(⟦Conv2d(x, Big)⟧);"));
        Assert.Contains("larger than the padded input 6x6", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_conv_of_the_wrong_rank()
        => AssertReported("MDSL0019", ConvLearner("return Sum(⟦Conv2d(flat, W)⟧);"));

    [Fact]
    public void MDSL0019_conv_stride_below_one()
        => AssertReported("MDSL0019", ConvLearner("return Sum(⟦Conv2d(x, W, B, stride: 0)⟧);"));

    [Fact]
    public void MDSL0013_conv_stride_that_is_not_constant()
        => AssertReported("MDSL0013", ConvLearner("return Sum(Conv2d(x, W, B, stride: ⟦Stride⟧));"));

    [Fact]
    public void MDSL0019_pool_window_larger_than_the_input()
    {
        var d = AssertReported("MDSL0019", ConvLearner("return Sum(⟦MaxPool2d(x, 7)⟧);"));
        Assert.Contains("MaxPool2d", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_avg_pool_of_the_wrong_rank()
        => AssertReported("MDSL0019", ConvLearner("return Sum(⟦AvgPool2d(flat, 2)⟧);"));

    [Fact]
    public void MDSL0001_batch_norm_gamma_that_is_not_one_per_channel()
        => AssertReported("MDSL0001", ConvLearner("return Sum(⟦BatchNorm(x, Gamma, Gamma)⟧);"));

    [Fact]
    public void MDSL0019_batch_norm_of_the_wrong_rank()
        => AssertReported("MDSL0019", ConvLearner("return Sum(⟦BatchNorm(Reshape(x, -1, 6, 6), Short, Short)⟧);"));

    [Fact]
    public void MDSL0019_flatten_of_a_vector()
        => AssertReported("MDSL0019", ConvLearner("return Sum(⟦Flatten(B)⟧);"));

    [Fact]
    public void MDSL0013_pow_exponent_that_is_not_constant()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(Pow(x, ⟦Exponent⟧));",
            "private static readonly double Exponent = 3;"));

    [Fact]
    public void MDSL0019_pow_exponent_that_is_not_finite()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Pow(x, double.PositiveInfinity)⟧);"));
        Assert.Contains("finite", d.GetMessage());
    }

    [Fact]
    public void MDSL0013_leaky_relu_slope_that_is_not_constant()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(LeakyRelu(x, ⟦Slope⟧));",
            "private static readonly double Slope = 0.1;"));

    [Fact]
    public void MDSL0019_clamp_bounds_in_the_wrong_order()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Clamp(x, 1.0, -1.0)⟧);"));
        Assert.Contains("lo <= hi", d.GetMessage());
    }

    [Fact]
    public void MDSL0001_size_one_broadcasting_still_needs_matching_dims()
    {
        var d = AssertReported("MDSL0001", Learner("return Mse(Linear(x, W, B), y) + Sum(x * Sum(x, 1, keepDims: true)) + Sum(⟦y * W⟧);"));
        Assert.Contains("equal or one of them 1", d.GetMessage());
    }

    [Fact]
    public void MDSL0013_keep_dims_that_is_not_constant()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(Max(x, 1, ⟦Keep⟧));",
            "private static readonly bool Keep = true;"));

    [Fact]
    public void MDSL0015_max_axis_out_of_range()
        => AssertReported("MDSL0015", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Min(x, 2)⟧);"));

    [Fact]
    public void MDSL0001_layer_norm_gamma_that_is_not_one_per_feature()
        => AssertReported("MDSL0001", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦LayerNorm(x, B, B)⟧);"));

    [Fact]
    public void MDSL0019_layer_norm_eps_that_is_not_positive()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦LayerNorm(y, B, B, eps: 0)⟧);"));

    [Fact]
    public void MDSL0019_causal_mask_of_scores_that_are_not_square()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦CausalMask(x)⟧);"));
        Assert.Contains("[..., t, t]", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_slice_past_the_end_of_its_axis()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Slice(x, 1, 1, 2)⟧);"));
        Assert.Contains("positions 1 to 2", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_index_past_the_end_of_axis_0()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦W[2]⟧);"));
        Assert.Contains("index 2 is not within axis 0 of [2, 1]", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_index_of_a_symbolic_axis()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦x[0]⟧);"));

    [Fact]
    public void MDSL0019_index_of_a_scalar()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + ⟦Sum(x)[0]⟧;"));

    [Fact]
    public void MDSL0013_index_that_is_not_known_at_build_time()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(W[⟦Layer⟧]);",
            "private static readonly int Layer = 1;"));

    [Fact]
    public void MDSL0013_run_time_dim_used_as_an_op_size()
        => AssertReported("MDSL0013", Learner("return Mse(Linear(x, W, B), y) + Sum(Slice(x, 1, 0, ⟦x.Shape[0]⟧));"));

    [Fact]
    public void MDSL0003_integer_division_of_a_run_time_dim()
    {
        var d = AssertReported("MDSL0003", Learner("return Mse(Linear(x, W, B), y) * (⟦x.Shape[0] / 2⟧);"));
        Assert.Contains("convert it to double first", d.GetMessage());
    }

    [Fact]
    public void MDSL0003_narrowing_a_run_time_dim()
        => AssertReported("MDSL0003", Learner("return Mse(Linear(x, W, B), y) * ⟦(int)(x.Shape[0] * 0.5)⟧;"));

    [Fact]
    public void MDSL0019_shape_index_past_the_rank()
    {
        var d = AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) * ⟦x.Shape[2]⟧;"));
        Assert.Contains("dim 2 does not exist in shape [n, 2]", d.GetMessage());
    }

    [Fact]
    public void MDSL0019_one_hot_of_no_classes()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦OneHot(y, 0)⟧);"));

    [Fact]
    public void MDSL0019_slice_of_a_symbolic_axis()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Slice(x, 0, 0, 1)⟧);"));

    [Fact]
    public void MDSL0001_concat_of_shapes_that_differ_off_the_axis()
        => AssertReported("MDSL0001", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Concat(1, x, W)⟧);"));

    [Fact]
    public void MDSL0019_gather_from_a_table_that_is_not_a_matrix()
        => AssertReported("MDSL0019", Learner("return Mse(Linear(x, W, B), y) + Sum(⟦Gather(B, y)⟧);"));

    [Fact]
    public void MDSL0021_nesting_past_the_documented_depth_is_reported_inside_it_and_never_bound()
    {
        var deep = new string('(', 3000) + "x" + new string(')', 3000);
        var text = Learner($"return Mse(Linear({deep}, W, B), y);");
        var outcome = GeneratorHarness.Run(text);
        var d = Assert.Single(outcome.Mdsl);
        Assert.Equal("MDSL0021", d.Id);
        int start = text.IndexOf(deep, StringComparison.Ordinal);
        Assert.InRange(d.Location.SourceSpan.Start, start, start + deep.Length);
        Assert.Contains("256", d.GetMessage());
    }

    [Fact]
    public void MDSL0021_is_not_reported_at_ordinary_depths()
        => Assert.Empty(GeneratorHarness.Run(Learner($"return Mse(Linear({new string('(', 100)}x{new string(')', 100)}, W, B), y);")).Mdsl);

    [Theory]
    [InlineData("struct")]
    [InlineData("record struct")]
    [InlineData("interface")]
    public void MDSL0022_a_learner_that_is_not_a_class(string keyword)
        => AssertReported("MDSL0022", Usings + "[Learner]\npublic partial " + keyword + " ⟦L⟧\n{\n    [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Mean(x);\n}\n");

    [Theory]
    [InlineData("public int ⟦Info⟧;")]
    [InlineData("public static int ⟦Gradient⟧ { get; set; }")]
    [InlineData("public class ⟦HessianVectorProduct⟧ { }")]
    [InlineData("public static void ⟦Predict⟧<T>(System.ReadOnlySpan<T> theta, Batch<T> inputs, System.Span<T> output) { }")]
    [InlineData("public void ⟦LoadParameters⟧(System.ReadOnlySpan<double> theta) { }")]
    [InlineData("private static readonly int ⟦__info⟧ = 1;")]
    [InlineData("public class ⟦DeviceKernels⟧ { }")]
    [InlineData("public static object ⟦DeviceProgram⟧<T>() => null;")]
    [InlineData("public static int ⟦MetaLoss⟧;")]
    [InlineData("public static void ⟦AdaptedGradient⟧<T>(System.ReadOnlySpan<T> theta, Batch<T> batch, System.Span<T> gradient) { }")]
    public void MDSL0023_a_member_named_like_a_generated_one(string member)
        => AssertReported("MDSL0023", Learner("return Mse(Linear(x, W, B), y);", member));

    [Theory]
    [InlineData("Info")]
    [InlineData("Loss")]
    [InlineData("T")]
    public void MDSL0023_a_learner_named_like_a_generated_member(string name)
        => AssertReported("MDSL0023", Usings + "[Learner]\npublic partial class ⟦" + name + "⟧\n{\n    [Param(1)] public Tensor W;\n    [Loss] public Tensor Error([Shape(\"n\", 1)] Tensor x) => Mean(x * W);\n}\n");

    [Fact]
    public void MDSL0023_not_reported_for_overloads_that_cannot_be_confused()
        => Assert.Empty(GeneratorHarness.Run(Learner("return Mse(Linear(x, W, B), y);", "public static int Loss<T>(T x) => 0;\npublic void Predict() { }")).Mdsl);

    [Theory]
    [InlineData("public readonly Tensor ⟦V⟧;", "readonly")]
    [InlineData("public Tensor ⟦V⟧ { get; }", "no setter")]
    [InlineData("public Tensor ⟦V⟧ { get; init; }", "init-only")]
    [InlineData("public static Tensor ⟦V⟧;", "static")]
    [InlineData("public const Tensor ⟦V⟧ = null;", "const")]
    public void MDSL0024_a_parameter_that_cannot_be_assigned(string declaration, string why)
    {
        var d = AssertReported("MDSL0024", Learner("return Mse(Linear(x, W, B), y);", "[Param(1)] " + declaration));
        Assert.Contains(why, d.GetMessage());
    }

    [Fact]
    public void MDSL0009_a_shape_dim_that_is_itself_an_array()
    {
        var text = Usings + "[Learner]\npublic partial class L\n{\n    [Param(1)] public Tensor W;\n    [Loss] public Tensor Loss([Shape(new object[] { new object[] { \"n\" }, 1 })] Tensor x) => Mean(x * W);\n}\n";
        var outcome = GeneratorHarness.Run(text);
        var d = Assert.Single(outcome.Mdsl);
        Assert.Equal("MDSL0009", d.Id);
        Assert.Contains("an array", d.GetMessage());
    }

    [Fact]
    public void Every_descriptor_but_the_internal_one_has_a_test_above()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        var all = MetaDsl.Generators.Diagnostics.Descriptors.All.Select(d => d.Id);

        Assert.All(all.Where(id => id != "MDSL0020"), id => Assert.Contains(id, tested));
    }

    [Fact]
    public void Independent_errors_in_different_members_are_all_reported()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [Learner]
            public partial class L
            {
                [Param(0)] public Tensor W;
                [Param(2, 1)] public Tensor V;
                [Forward(Model = true)] public Tensor Predict([Shape("n", 3)] Tensor x) => Linear(x, V);
                [Forward] public Tensor Unused([Shape("n", 2)] Tensor x) => Relu(x) * System.Math.PI * Foo();
                [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) { while (true) { } }
                private static Tensor Foo() => null;
            }
            """);

        Assert.Equal(["MDSL0001", "MDSL0002", "MDSL0003", "MDSL0010"], outcome.Mdsl.Select(d => d.Id).Distinct().Order());
        Assert.Null(outcome.SingleSpec);
    }
}
