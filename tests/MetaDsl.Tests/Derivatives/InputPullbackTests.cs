using MetaDsl.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit;

namespace MetaDsl.Tests.Derivatives;

/// <summary>The generated pull-back of a <c>[Forward]</c> to its first input, against central finite differences in double.</summary>
public sealed class InputPullbackTests
{
    [Fact]
    public void TheLearnedOptimizersInputPullbackMatchesFiniteDifferences() => Check<MlpLearnedOptimizer>(rows: 7, columns: 9, outputs: 2, [0.3, -0.2, 0.9, 0.1, 0.5, -0.7, 0.2, 0.8, -0.4]);

    [Fact]
    public void AnMlpsInputPullbackMatchesFiniteDifferences() => Check<SineMlp>(rows: 5, columns: 1, outputs: 1, shared: null);

    [Fact]
    public void AHandWrittenLearnerWithoutOneSaysSo()
    {
        var error = Assert.Throws<NotSupportedException>(() => PullBack<TanhMlp>(rows: 3));
        Assert.Contains("TanhMlp", error.Message);
    }

    /// <summary>Through the interface, as generic code calls it: a hand-written learner gets the default.</summary>
    private static void PullBack<TLearner>(int rows) where TLearner : ILearner<TLearner>
    {
        var theta = new double[TLearner.Info.ParameterCount];
        var x = new Batch<double>(new Tensor<double>(new double[rows], rows, 1));
        TLearner.PredictInputPullback<double>(theta, x, new double[rows], new double[rows]);
    }

    /// <param name="shared">A second input of one row, held fixed, when the learner takes one.</param>
    private static void Check<TLearner>(int rows, int columns, int outputs, double[]? shared) where TLearner : ILearner<TLearner>
    {
        Batch<double> Inputs(double[] x) => shared is null
            ? new Batch<double>(new Tensor<double>(x, rows, columns))
            : new Batch<double>(new Tensor<double>(x, rows, columns), new Tensor<double>(shared, 1, shared.Length));
        var theta = new double[TLearner.Info.ParameterCount];
        TLearner.Initialize<double>(theta, seed: 3);
        var rng = new Random(5);
        var x = Enumerable.Range(0, rows * columns).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var c = Enumerable.Range(0, rows * outputs).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var pulled = new double[x.Length];
        TLearner.PredictInputPullback<double>(theta, Inputs(x), c, pulled);

        double Paired(double[] input)
        {
            var output = new double[rows * outputs];
            TLearner.Predict<double>(theta, Inputs(input), output);
            return output.Zip(c, (o, w) => o * w).Sum();
        }
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Paired(plus) - Paired(minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - pulled[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"{TLearner.Info.Name} input {i}: pulled back {pulled[i]}, finite differences {numeric}");
        }
    }
}
