using MetaDsl.Meta;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

public class AnilTests(ITestOutputHelper output)
{
    private static readonly string[] Head = ["W2", "B2"];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void MetaGradientForBodyAndHeadMatchesFiniteDifferences(int steps)
    {
        var task = Numerics.Task(80 + steps, 1, 1, 8, 6, (x, _) => Math.Sin(x[0]) - 0.5);
        var theta = Numerics.Theta<TanhMlp>(12);
        var anil = new Anil<TanhMlp, double>(new AnilOptions { InnerSteps = steps, InnerLearningRate = 0.2, AdaptedParameters = Head });
        var gradient = new double[theta.Length];
        anil.MetaGradient(theta, task, gradient);

        var adapts = Enumerable.Range(0, theta.Length).Select(i => i >= TanhMlp.Info["W2"].Offset).ToArray();
        var rates = Enumerable.Repeat(0.2, steps).ToArray();
        double MetaLoss(double[] t) => TanhMlp.Loss<double>(Numerics.Adapt<TanhMlp>(t, task.Support, rates, adapts), task.Query);
        double error = Numerics.RelativeError(gradient, Numerics.Gradient(MetaLoss, theta));
        output.WriteLine($"K = {steps}: relative error {error:E2}");
        Assert.True(error <= 1e-6, $"relative error {error:E2}");
        Assert.Contains(gradient.Take(TanhMlp.Info["W2"].Offset), g => Math.Abs(g) > 1e-6);
    }

    [Fact]
    public void AdaptChangesOnlyTheHead()
    {
        var task = Numerics.Task(90, 1, 1, 8, 6, (x, _) => x[0]);
        var theta = Numerics.Theta<TanhMlp>(13);
        var adapted = new double[theta.Length];
        new Anil<TanhMlp, double>(new AnilOptions { InnerSteps = 3, AdaptedParameters = Head }).Adapt(theta, task.Support, 3, adapted);
        int head = TanhMlp.Info["W2"].Offset;
        Assert.Equal(theta.Take(head), adapted.Take(head));
        Assert.NotEqual(theta.Skip(head), adapted.Skip(head));
    }

    [Fact]
    public void NamingAnUnknownParameterThrows() =>
        Assert.Throws<KeyNotFoundException>(() => new Anil<TanhMlp, double>(new AnilOptions { AdaptedParameters = ["Head"] }));
}
