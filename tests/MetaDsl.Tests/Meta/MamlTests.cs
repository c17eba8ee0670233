using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

public class MamlTests(ITestOutputHelper output)
{
    private static MetaTask<double> SineTask(int seed) =>
        Numerics.Task(seed, 1, 1, 8, 6, (x, _) => 1.5 * Math.Sin(x[0] + seed));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void SecondOrderMetaGradientMatchesFiniteDifferences(int steps)
    {
        var rates = Enumerable.Repeat(0.1, steps).ToArray();
        double error = SecondOrderError<TanhMlp>(SineTask(steps), rates, new MamlOptions { InnerSteps = steps, InnerLearningRate = 0.1 });
        output.WriteLine($"K = {steps}: relative error {error:E2}");
        Assert.True(error <= 1e-6, $"K = {steps}: relative error {error:E2}");
    }

    [Fact]
    public void PerStepLearningRatesAreDifferentiatedExactly()
    {
        double[] rates = [0.2, 0.05, 0.15];
        double error = SecondOrderError<TanhMlp>(SineTask(7), rates, new MamlOptions { InnerSteps = 3, InnerLearningRates = rates });
        output.WriteLine($"relative error {error:E2}");
        Assert.True(error <= 1e-6, $"relative error {error:E2}");
    }

    [Fact]
    public void MetaParameterGradientFlowsThroughEveryInnerStep()
    {
        var task = Numerics.Task(8, 2, 2, 7, 5, (x, j) => 0.8 * Math.Tanh(x[0] - x[1] * j));
        double error = SecondOrderError<WeightedTanhRegression>(task, [0.3, 0.3, 0.3], new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.3 });
        output.WriteLine($"relative error {error:E2}");
        Assert.True(error <= 1e-6, $"relative error {error:E2}");
    }

    [Fact]
    public void FirstOrderIsTheQueryGradientAtTheAdaptedParameters()
    {
        var task = SineTask(9);
        var theta = Numerics.Theta<TanhMlp>(1);
        var maml = new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.1, Order = MetaGradientOrder.First });
        var gradient = new double[theta.Length];
        double loss = maml.MetaGradient(theta, task, gradient);

        var adapted = Numerics.Adapt<TanhMlp>(theta, task.Support, [0.1, 0.1, 0.1]);
        var expected = new double[theta.Length];
        double expectedLoss = TanhMlp.Gradient<double>(adapted, task.Query, expected);
        Assert.Equal(expectedLoss, loss, 1e-14);
        Assert.True(Numerics.RelativeError(gradient, expected) < 1e-14);
    }

    [Fact]
    public void AdaptMatchesPlainGradientStepsAndLeavesMetaParametersAlone()
    {
        var task = Numerics.Task(10, 2, 2, 7, 5, (x, j) => x[j]);
        var theta = Numerics.Theta<WeightedTanhRegression>(2);
        var maml = new Maml<WeightedTanhRegression, double>(new MamlOptions { InnerSteps = 2, InnerLearningRates = [0.1, 0.2] });
        var adapted = new double[theta.Length];
        maml.Adapt(theta, task.Support, 4, adapted);
        // Beyond K the last step size is reused.
        Assert.True(Numerics.RelativeError(adapted, Numerics.Adapt<WeightedTanhRegression>(theta, task.Support, [0.1, 0.2, 0.2, 0.2])) < 1e-15);
        var s = WeightedTanhRegression.Info["S"];
        Assert.Equal(theta.AsSpan(s.Offset, s.Size).ToArray(), adapted.AsSpan(s.Offset, s.Size).ToArray());
    }

    [Fact]
    public void MetaBatchIsTheMeanOfTaskMetaGradients()
    {
        var tasks = Enumerable.Range(20, 5).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(3);
        var options = new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1 };
        var maml = new Maml<TanhMlp, double>(options);
        var mean = new double[theta.Length];
        double meanLoss = maml.MetaGradient(theta, tasks, mean);

        var expected = new double[theta.Length];
        var one = new double[theta.Length];
        double expectedLoss = 0;
        foreach (var task in tasks)
        {
            expectedLoss += maml.MetaGradient(theta, task, one) / tasks.Length;
            for (int i = 0; i < one.Length; i++) expected[i] += one[i] / tasks.Length;
        }
        Assert.Equal(expectedLoss, meanLoss, 1e-14);
        Assert.True(Numerics.RelativeError(mean, expected) < 1e-14);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryThreadCountGivesBitIdenticalResults(int threads)
    {
        var tasks = Enumerable.Range(30, 7).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(4);
        var options = new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.1, Threads = threads };
        var first = new double[theta.Length];
        var second = new double[theta.Length];
        var serial = new double[theta.Length];
        double firstLoss = new Maml<TanhMlp, double>(options).MetaGradient(theta, tasks, first);
        var maml = new Maml<TanhMlp, double>(options);
        double secondLoss = 0;
        for (int run = 0; run < 3; run++) secondLoss = maml.MetaGradient(theta, tasks, second);
        new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.1 }).MetaGradient(theta, tasks, serial);

        Assert.Equal(BitConverter.DoubleToInt64Bits(firstLoss), BitConverter.DoubleToInt64Bits(secondLoss));
        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
        // Task gradients are summed in task order whoever computed them, so the thread count changes nothing.
        Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), first.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void WarmSingleThreadedMetaStepAllocatesNothing()
    {
        var tasks = Enumerable.Range(40, 4).Select(SineTask).ToArray();
        var theta = Numerics.Theta<TanhMlp>(5);
        var gradient = new double[theta.Length];
        var maml = new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 5, InnerLearningRate = 0.1 });
        maml.MetaGradient(theta, tasks, gradient);
        maml.MetaGradient(theta, tasks[0], gradient);

        long before = GC.GetAllocatedBytesForCurrentThread();
        maml.MetaGradient(theta, tasks, gradient);
        maml.MetaGradient(theta, tasks[0], gradient);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void FloatRunsTheSameAlgorithm()
    {
        var task = SineTask(11);
        var thetaD = Numerics.Theta<TanhMlp>(6);
        var thetaF = thetaD.Select(v => (float)v).ToArray();
        var taskF = new MetaTask<float>(ToFloat(task.Support), ToFloat(task.Query));
        var gradientD = new double[thetaD.Length];
        var gradientF = new float[thetaF.Length];
        new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1 }).MetaGradient(thetaD, task, gradientD);
        new Maml<TanhMlp, float>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1 }).MetaGradient(thetaF, taskF, gradientF);
        Assert.True(Numerics.RelativeError(gradientF.Select(v => (double)v).ToArray(), gradientD) < 1e-4);
    }

    [Fact]
    public void InvalidSettingsAndLengthsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 0 }));
        Assert.Throws<ArgumentException>(() => new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 2, InnerLearningRates = [0.1] }));
        var maml = new Maml<TanhMlp, double>(new MamlOptions());
        Assert.Throws<ArgumentException>(() => maml.MetaGradient(new double[3], SineTask(1), new double[TanhMlp.Info.ParameterCount]));
        Assert.Throws<ArgumentException>(() => maml.MetaGradient(Numerics.Theta<TanhMlp>(1), Array.Empty<MetaTask<double>>(), new double[TanhMlp.Info.ParameterCount]));
    }

    /// <summary>Relative error of the second-order meta-gradient against central differences of θ ↦ L_query(θ_K(θ)).</summary>
    internal static double SecondOrderError<TLearner>(MetaTask<double> task, double[] rates, MamlOptions options) where TLearner : ILearner<TLearner>
    {
        var theta = Numerics.Theta<TLearner>(17);
        var gradient = new double[theta.Length];
        double loss = new Maml<TLearner, double>(options).MetaGradient(theta, task, gradient);
        double MetaLoss(double[] t) => TLearner.Loss<double>(Numerics.Adapt<TLearner>(t, task.Support, rates), task.Query);
        Assert.Equal(MetaLoss(theta), loss, 1e-13);
        return Numerics.RelativeError(gradient, Numerics.Gradient(MetaLoss, theta));
    }

    private static Batch<float> ToFloat(Batch<double> batch) =>
        new(Enumerable.Range(0, batch.Count).Select(i => new Tensor<float>(batch[i].Data.Select(v => (float)v).ToArray(), batch[i].Shape)).ToArray());
}
