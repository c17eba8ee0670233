using System.Diagnostics;
using Xunit.Abstractions;

namespace MetaDsl.Generators.Tests;

/// <summary>
/// Long constant-bound loops are emitted as loops: generated code stays linear in the program
/// whatever the bound, and it compiles. (Their numbers are checked in MetaDsl.Tests on DeepLoopNet.)
/// </summary>
public class LoopRollingTests(ITestOutputHelper output)
{
    private static string LoopLearner(int iterations) => $$"""
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class Deep
        {
            [Param(1, 40)] public Tensor W1;  [Param(40)] public Tensor B1;
            [Param(40, 40)] public Tensor W2; [Param(40)] public Tensor B2;
            [Param(40, 1)] public Tensor W3;  [Param(1)] public Tensor B3;
            [MetaParam(40)] public Tensor Gain;

            [Forward]
            public Tensor Predict([Shape("n", 1)] Tensor x)
            {
                var h = Relu(Linear(x, W1, B1));
                for (int i = 0; i < {{iterations}}; i++) h = h + 0.1 * Tanh(Linear(h, W2, B2) * Gain);
                return Linear(h, W3, B3);
            }

            [Loss]
            public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
        }
        """;

    /// <summary>Every generated method that runs the learner's body.</summary>
    private static readonly string[] s_rolledMethods = ["Loss<T>", "Gradient<T>", "HessianVectorProduct<T>", "MixedProduct<T>", "Predict<T>", "PredictPullback<T>"];

    /// <summary>10,000 is the unroll limit (MDSL0018 past it).</summary>
    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public void A_long_loop_is_emitted_as_loops_and_compiles(int iterations)
    {
        var clock = Stopwatch.StartNew();
        var outcome = GeneratorHarness.Run(LoopLearner(iterations));
        var generated = Assert.Single(outcome.Sources).SourceText.ToString();
        output.WriteLine($"{iterations:N0} iterations: {generated.Length} characters generated, run in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Empty(outcome.Mdsl);
        foreach (var method in s_rolledMethods)
            Assert.Contains("for (int __k0 = 0;", Method(generated, method));
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void Rolled_methods_do_not_grow_with_the_loop_bound()
    {
        var small = Assert.Single(GeneratorHarness.Run(LoopLearner(100)).Sources).SourceText.ToString();
        var large = Assert.Single(GeneratorHarness.Run(LoopLearner(2_000)).Sources).SourceText.ToString();
        foreach (var method in s_rolledMethods)
        {
            int a = Method(small, method).Length, b = Method(large, method).Length;
            output.WriteLine($"{method}: {a} characters at 100 iterations, {b} at 2,000");
            // Only the digits of sizes and counts grow: 20 times the iterations may add a tenth.
            Assert.InRange(b, a, a + a / 10);
        }
    }

    /// <summary>The text of one generated method, from its signature to the next member.</summary>
    private static string Method(string generated, string name)
    {
        int start = generated.IndexOf(" " + name + "(", StringComparison.Ordinal);
        Assert.True(start >= 0, name + " not generated");
        int end = generated.IndexOf("\n    /// <summary>", start, StringComparison.Ordinal);
        return generated.Substring(start, (end < 0 ? generated.Length : end) - start);
    }

    [Fact]
    public void A_short_loop_stays_written_out()
    {
        var generated = Assert.Single(GeneratorHarness.Run(LoopLearner(3)).Sources).SourceText.ToString();
        Assert.DoesNotContain("__k0", generated);
    }
}
