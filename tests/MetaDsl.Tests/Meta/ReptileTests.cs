using MetaDsl.Meta;
using MetaDsl.Tests.Meta.Fixtures;

namespace MetaDsl.Tests.Meta;

public class ReptileTests
{
    [Fact]
    public void DirectionIsThetaMinusTheAdaptedParameters()
    {
        var task = Numerics.Task(100, 1, 1, 8, 6, (x, _) => Math.Sin(x[0]));
        var theta = Numerics.Theta<TanhMlp>(14);
        var direction = new double[theta.Length];
        double loss = new Reptile<TanhMlp, double>(new ReptileOptions { InnerSteps = 4, InnerLearningRate = 0.1 }).MetaGradient(theta, task, direction);
        var adapted = Numerics.Adapt<TanhMlp>(theta, task.Support, [0.1, 0.1, 0.1, 0.1]);
        Assert.Equal(theta.Zip(adapted, (a, b) => a - b), direction);
        Assert.Equal(TanhMlp.Loss<double>(adapted, task.Query), loss);
    }

    [Fact]
    public void OneStepDirectionIsTheScaledSupportGradient()
    {
        var task = Numerics.Task(101, 3, 1, 10, 4, (x, _) => x[0] + x[1]);
        var theta = Numerics.Theta<LinearRegression>(15);
        var direction = new double[theta.Length];
        new Reptile<LinearRegression, double>(new ReptileOptions { InnerSteps = 1, InnerLearningRate = 0.25 }).MetaGradient(theta, task, direction);
        var gradient = new double[theta.Length];
        LinearRegression.Gradient<double>(theta, task.Support, gradient);
        Assert.True(Numerics.RelativeError(direction, gradient.Select(g => 0.25 * g).ToArray()) < 1e-15);
    }

    [Fact]
    public void InnerMinibatchesAreWrappingWindowsOfTheSupportSet()
    {
        var task = Numerics.Task(102, 3, 1, 5, 4, (x, _) => x[2]);
        var theta = Numerics.Theta<LinearRegression>(16);
        var direction = new double[theta.Length];
        new Reptile<LinearRegression, double>(new ReptileOptions { InnerSteps = 3, InnerLearningRate = 0.1, InnerBatchSize = 2 }).MetaGradient(theta, task, direction);

        var expected = (double[])theta.Clone();
        var gradient = new double[theta.Length];
        int[][] windows = [[0, 1], [2, 3], [4, 0]];
        foreach (var rows in windows)
        {
            var x = rows.SelectMany(r => task.Support[0].Data.Skip(3 * r).Take(3)).ToArray();
            var y = rows.Select(r => task.Support[1].Data[r]).ToArray();
            LinearRegression.Gradient<double>(expected, new Batch<double>(new Tensor<double>(x, 2, 3), new Tensor<double>(y, 2, 1)), gradient);
            for (int i = 0; i < expected.Length; i++) expected[i] -= 0.1 * gradient[i];
        }
        Assert.True(Numerics.RelativeError(direction, theta.Zip(expected, (a, b) => a - b).ToArray()) < 1e-14);
    }

    [Fact]
    public void MetaParametersDoNotMove()
    {
        var task = Numerics.Task(103, 2, 2, 6, 4, (x, j) => x[j]);
        var theta = Numerics.Theta<WeightedTanhRegression>(17);
        var direction = new double[theta.Length];
        new Reptile<WeightedTanhRegression, double>(new ReptileOptions { InnerSteps = 2, Threads = 2 }).MetaGradient(theta, [task, task], direction);
        var s = WeightedTanhRegression.Info["S"];
        Assert.All(direction.Skip(s.Offset).Take(s.Size), d => Assert.Equal(0.0, d));
    }
}
