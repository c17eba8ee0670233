using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using MetaDsl.Training;
using Xunit.Abstractions;
using LearnerData = MetaDsl.Tests.Derivatives.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>
/// A learner whose inner loop descends its [Loss] (a learned loss) while the algorithms score query data with
/// its [MetaLoss]: the generated members, and the meta-gradients against central finite differences of the
/// meta-objective in double precision.
/// </summary>
public class MetaLossTests(ITestOutputHelper output)
{
    private const double Alpha = 0.3;

    [Fact]
    public void TheMetaLossIsTheSquaredErrorOfThePredictionNotTheLearnedLoss()
    {
        var task = Task(1);
        var theta = Theta(1);
        var prediction = new double[task.Query[1].Data.Length];
        LearnedLossRegressor.Predict<double>(theta, new Batch<double>(task.Query[0]), prediction);
        double expected = prediction.Zip(task.Query[1].Data, (p, y) => (p - y) * (p - y)).Average();
        Assert.True(LearnedLossRegressor.Info.HasMetaLoss);
        Assert.Equal(expected, LearnedLossRegressor.MetaLoss<double>(theta, task.Query), 1e-14);
        Assert.NotEqual(LearnedLossRegressor.Loss<double>(theta, task.Query), LearnedLossRegressor.MetaLoss<double>(theta, task.Query), 6);
    }

    [Fact]
    public void MetaLossGradientMatchesFiniteDifferences()
    {
        var task = Task(2);
        var theta = Theta(2);
        var gradient = new double[theta.Length];
        double loss = LearnedLossRegressor.MetaLossGradient<double>(theta, task.Query, gradient);
        Assert.Equal(LearnedLossRegressor.MetaLoss<double>(theta, task.Query), loss, 1e-15);
        Report("MetaLossGradient", Numerics.RelativeError(gradient, Numerics.Gradient(t => LearnedLossRegressor.MetaLoss<double>(t, task.Query), theta)), 1e-8);
    }

    [Fact]
    public void AdaptedGradientIsTheLossGradientWithoutItsMetaEntries()
    {
        var task = Task(3);
        var theta = Theta(3);
        var full = new double[theta.Length];
        var adapted = new double[theta.Length];
        adapted.AsSpan().Fill(double.NaN);
        double loss = LearnedLossRegressor.Gradient<double>(theta, task.Support, full);
        Assert.Equal(loss, LearnedLossRegressor.AdaptedGradient<double>(theta, task.Support, adapted));
        for (int i = 0; i < theta.Length; i++)
        {
            if (Numerics.IsMeta<LearnedLossRegressor>(i)) Assert.Equal(0, adapted[i]);
            else Assert.Equal(full[i], adapted[i], 1e-15);
        }
        Assert.Contains(full.Where((_, i) => Numerics.IsMeta<LearnedLossRegressor>(i)), g => g != 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SecondOrderMamlMatchesFiniteDifferencesOfTheMetaLossAfterDescendingTheLoss(int steps)
    {
        var task = Task(10 + steps);
        var theta = Theta(10 + steps);
        var maml = new Maml<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = steps, InnerLearningRate = Alpha });
        var gradient = new double[theta.Length];
        double loss = maml.MetaGradient(theta, task, gradient);

        var rates = Enumerable.Repeat(Alpha, steps).ToArray();
        double MetaObjective(double[] t) => LearnedLossRegressor.MetaLoss<double>(Numerics.Adapt<LearnedLossRegressor>(t, task.Support, rates), task.Query);
        Assert.Equal(MetaObjective(theta), loss, 1e-13);
        var expected = Numerics.Gradient(MetaObjective, theta, h: 1e-6);
        Assert.Contains(expected.Where((_, i) => Numerics.IsMeta<LearnedLossRegressor>(i)), g => Math.Abs(g) > 1e-6);
        Report($"MAML second order with a [MetaLoss], K = {steps}", Numerics.RelativeError(gradient, expected), 1e-6);
    }

    [Fact]
    public void AnilMatchesFiniteDifferencesOfTheMetaLossAfterAdaptingTheHead()
    {
        var task = Task(15);
        var theta = Theta(15);
        var anil = new Anil<LearnedLossRegressor, double>(new AnilOptions { InnerSteps = 2, InnerLearningRate = Alpha, AdaptedParameters = ["W2"] });
        var gradient = new double[theta.Length];
        anil.MetaGradient(theta, task, gradient);

        var head = LearnedLossRegressor.Info["W2"];
        var adapts = Enumerable.Range(0, theta.Length).Select(i => i >= head.Offset && i < head.Offset + head.Size).ToArray();
        double MetaObjective(double[] t) => LearnedLossRegressor.MetaLoss<double>(Numerics.Adapt<LearnedLossRegressor>(t, task.Support, [Alpha, Alpha], adapts), task.Query);
        Report("ANIL with a [MetaLoss], K = 2", Numerics.RelativeError(gradient, Numerics.Gradient(MetaObjective, theta, h: 1e-6)), 1e-6);
    }

    [Fact]
    public void FirstOrderMamlIsTheMetaLossGradientAtTheAdaptedParameters()
    {
        var task = Task(20);
        var theta = Theta(20);
        var maml = new Maml<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = Alpha, Order = MetaGradientOrder.First });
        var gradient = new double[theta.Length];
        double loss = maml.MetaGradient(theta, task, gradient);

        var expected = new double[theta.Length];
        double expectedLoss = LearnedLossRegressor.MetaLossGradient<double>(Numerics.Adapt<LearnedLossRegressor>(theta, task.Support, [Alpha, Alpha]), task.Query, expected);
        Assert.Equal(expectedLoss, loss, 1e-14);
        Report("first-order MAML with a [MetaLoss]", Numerics.RelativeError(gradient, expected), 1e-14);
    }

    [Fact]
    public void MetaSgdMatchesFiniteDifferencesOfTheMetaLossInThetaAndTheStepSizes()
    {
        var task = Task(30);
        var theta = Theta(30);
        int n = theta.Length;
        var rates = Enumerable.Range(0, n).Select(i => 0.2 + 0.1 * ((i * 7919) % 100) / 100.0).ToArray();
        var metaSgd = new MetaSgd<LearnedLossRegressor, double>(new MetaSgdOptions { InnerSteps = 2 });
        var parameters = theta.Concat(rates).ToArray();
        var gradient = new double[2 * n];
        metaSgd.MetaGradient(parameters, [task], gradient);

        double MetaObjective(double[] p)
        {
            var x = p[..n];
            var g = new double[n];
            for (int k = 0; k < 2; k++)
            {
                LearnedLossRegressor.Gradient<double>(x, task.Support, g);
                for (int i = 0; i < n; i++)
                    if (!Numerics.IsMeta<LearnedLossRegressor>(i)) x[i] -= p[n + i] * g[i];
            }
            return LearnedLossRegressor.MetaLoss<double>(x, task.Query);
        }
        Report("Meta-SGD with a [MetaLoss], K = 2", Numerics.RelativeError(gradient, Numerics.Gradient(MetaObjective, parameters, h: 1e-6)), 1e-6);
    }

    [Fact]
    public void ImplicitMamlMatchesFiniteDifferencesOfTheMetaLossAtTheProximalSolution()
    {
        var task = Task(40);
        var theta = Theta(40);
        var imaml = new ImplicitMaml<LearnedLossRegressor, double>(new ImplicitMamlOptions
        {
            Regularization = 2, InnerSteps = 20000, InnerLearningRate = 0.1, InnerTolerance = 1e-14,
            ConjugateGradientIterations = 60, ConjugateGradientTolerance = 1e-14,
        });
        var gradient = new double[theta.Length];
        double loss = imaml.MetaGradient(theta, task, gradient);

        double MetaObjective(double[] t)
        {
            var solution = new double[t.Length];
            imaml.Adapt(t, task.Support, solution);
            return LearnedLossRegressor.MetaLoss<double>(solution, task.Query);
        }
        Assert.Equal(MetaObjective(theta), loss, 1e-13);
        Report("iMAML with a [MetaLoss]", Numerics.RelativeError(gradient, Numerics.Gradient(MetaObjective, theta)), 1e-6);
    }

    [Fact]
    public void EvaluationScoresQueriesWithTheMetaLoss()
    {
        var task = Task(50);
        var theta = Theta(50);
        var adapted = new double[theta.Length];
        var score = ((IAdaptation<double>)new SgdAdaptation<LearnedLossRegressor, double>(Alpha)).Score<LearnedLossRegressor>(theta, task, 2, adapted, accuracy: false);
        Assert.Equal(Numerics.Adapt<LearnedLossRegressor>(theta, task.Support, [Alpha, Alpha]), adapted);
        Assert.Equal(LearnedLossRegressor.MetaLoss<double>(adapted, task.Query), score.Loss);
    }

    private static double[] Theta(int seed) => LearnerData.Theta<LearnedLossRegressor>(seed);

    private static MetaTask<double> Task(int seed)
        => new(LearnerData.Batch(LearnedLossRegressor.Info.Inputs, seed, rows: 6), LearnerData.Batch(LearnedLossRegressor.Info.Inputs, seed + 1000, rows: 8));

    private void Report(string what, double error, double tolerance)
    {
        output.WriteLine($"{what}: relative error {error:E2}");
        Assert.InRange(error, 0, tolerance);
    }
}
