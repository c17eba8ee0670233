using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

public class MetaSgdTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ThetaAndLearningRateGradientsMatchFiniteDifferences(int steps)
    {
        var task = Numerics.Task(50 + steps, 1, 1, 8, 6, (x, _) => Math.Sin(2 * x[0]));
        var theta = Numerics.Theta<TanhMlp>(8);
        var rates = new double[theta.Length];
        var rng = new SplitMix64(9);
        for (int i = 0; i < rates.Length; i++) rates[i] = rng.NextDouble(0.02, 0.2);
        var metaSgd = new MetaSgd<TanhMlp, double>(new MetaSgdOptions { InnerSteps = steps });
        var thetaGradient = new double[theta.Length];
        var rateGradient = new double[theta.Length];
        metaSgd.MetaGradient(theta, rates, task, thetaGradient, rateGradient);

        double MetaLoss(double[] t, double[] a)
        {
            var adapted = new double[t.Length];
            metaSgd.Adapt(t, a, task.Support, steps, adapted);
            return TanhMlp.Loss<double>(adapted, task.Query);
        }
        double thetaError = Numerics.RelativeError(thetaGradient, Numerics.Gradient(t => MetaLoss(t, rates), theta));
        double rateError = Numerics.RelativeError(rateGradient, Numerics.Gradient(a => MetaLoss(theta, a), rates));
        output.WriteLine($"K = {steps}: theta {thetaError:E2}, alpha {rateError:E2}");
        Assert.True(thetaError <= 1e-6 && rateError <= 1e-6, $"theta {thetaError:E2}, alpha {rateError:E2}");
    }

    [Fact]
    public void UniformRatesReduceToMaml()
    {
        var task = Numerics.Task(60, 1, 1, 8, 6, (x, _) => Math.Cos(x[0]));
        var theta = Numerics.Theta<TanhMlp>(10);
        var rates = Enumerable.Repeat(0.1, theta.Length).ToArray();
        var thetaGradient = new double[theta.Length];
        var rateGradient = new double[theta.Length];
        new MetaSgd<TanhMlp, double>(new MetaSgdOptions { InnerSteps = 2 }).MetaGradient(theta, rates, task, thetaGradient, rateGradient);
        var maml = new double[theta.Length];
        new Maml<TanhMlp, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.1 }).MetaGradient(theta, task, maml);
        Assert.True(Numerics.RelativeError(thetaGradient, maml) < 1e-13);
    }

    [Fact]
    public void MetaBatchSplitsIntoBothGradients()
    {
        var tasks = Enumerable.Range(70, 3).Select(s => Numerics.Task(s, 1, 1, 5, 5, (x, _) => s * x[0])).ToArray();
        var theta = Numerics.Theta<TanhMlp>(11);
        var rates = Enumerable.Repeat(0.05, theta.Length).ToArray();
        var metaSgd = new MetaSgd<TanhMlp, double>(new MetaSgdOptions { InnerSteps = 2, Threads = 2 });
        var thetaMean = new double[theta.Length];
        var rateMean = new double[theta.Length];
        metaSgd.MetaGradient(theta, rates, tasks, thetaMean, rateMean);
        var thetaExpected = new double[theta.Length];
        var rateExpected = new double[theta.Length];
        var g = new double[theta.Length];
        var r = new double[theta.Length];
        foreach (var task in tasks)
        {
            metaSgd.MetaGradient(theta, rates, task, g, r);
            for (int i = 0; i < g.Length; i++)
            {
                thetaExpected[i] += g[i] / tasks.Length;
                rateExpected[i] += r[i] / tasks.Length;
            }
        }
        Assert.True(Numerics.RelativeError(thetaMean, thetaExpected) < 1e-13);
        Assert.True(Numerics.RelativeError(rateMean, rateExpected) < 1e-13);
    }
}
