using MetaDsl.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Derivatives;

/// <summary>
/// The built-in Conv-4 learners at full size. Too large for coordinate-wise finite differences, so
/// gradient and H·v are checked along random directions (two evaluations each), in double. A
/// direction moves every one of ~10^5 ReLU and max-pool units at once, so a step of 1e-5 crosses
/// some kink (error 1e-4); a step of 1e-7 crosses none while its rounding error stays near 1e-9.
/// </summary>
public class Conv4Tests(ITestOutputHelper output)
{
    [Fact]
    public void Conv4OmniglotHasMamlsParameterCount()
        // 4 blocks of kernels, bias, scale and shift, then a 64×5 head.
        => Assert.Equal(64 * 9 + 3 * 64 + 3 * (64 * 64 * 9 + 3 * 64) + 64 * 5 + 5, Conv4Omniglot.Info.ParameterCount);

    [Fact]
    public void Conv4MiniImageNetHasMamlsParameterCount()
        => Assert.Equal(32 * 27 + 3 * 32 + 3 * (32 * 32 * 9 + 3 * 32) + 800 * 5 + 5, Conv4MiniImageNet.Info.ParameterCount);

    [Fact]
    public void ConvKernelsInitializeWithPyTorchsFanIn()
    {
        // [o, c, kh, kw] = [64, 64, 3, 3]: fan-in c·kh·kw = 576, as torch.nn.Conv2d counts it, not o·c·kh.
        var theta = new float[Conv4Omniglot.Info.ParameterCount];
        Conv4Omniglot.Initialize<float>(theta, 3);
        var w2 = Conv4Omniglot.Info["W2"];
        double bound = Math.Sqrt(6.0 / 576);
        var values = theta.AsSpan(w2.Offset, w2.Size).ToArray();
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.True(values.Max() > 0.9 * bound && values.Min() < -0.9 * bound);
        var g1 = Conv4Omniglot.Info["G1"];
        Assert.All(theta.AsSpan(g1.Offset, g1.Size).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Conv4OmniglotDerivativesMatchFiniteDifferencesAlongRandomDirections() => Check<Conv4Omniglot>(rows: 5, seed: 1);

    [Fact]
    public void Conv4MiniImageNetDerivativesMatchFiniteDifferencesAlongRandomDirections() => Check<Conv4MiniImageNet>(rows: 2, seed: 2);

    private void Check<L>(int rows, int seed) where L : ILearner<L>, new()
    {
        var theta = Fixtures.Theta<L>(seed);
        var batch = Fixtures.Batch(L.Info.Inputs, seed, rows);
        var u = Fixtures.Vector(theta.Length, seed + 1);
        var v = Fixtures.Vector(theta.Length, seed + 2);

        Assert.Equal(Fixtures.EagerLoss<L>(theta, batch), L.Loss<double>(theta, batch), 10);

        var g = new double[theta.Length];
        L.Gradient<double>(theta, batch, g);
        const double h = 1e-7;
        double Along(double sign) => L.Loss<double>(theta.Select((t, i) => t + sign * h * u[i]).ToArray(), batch);
        double directional = (Along(+1) - Along(-1)) / (2 * h);
        double projected = g.Zip(u).Sum(p => p.First * p.Second);
        double gradientError = Math.Abs(projected - directional) / Math.Max(1e-12, Math.Abs(directional));
        output.WriteLine($"{typeof(L).Name} gradient along u: {projected:R} vs {directional:R}, relative error {gradientError:E2}");
        Assert.InRange(gradientError, 0, 1e-6);

        var hv = new double[theta.Length];
        L.HessianVectorProduct<double>(theta, batch, v, hv);
        var up = new double[theta.Length];
        var down = new double[theta.Length];
        L.Gradient<double>(theta.Select((t, i) => t + h * v[i]).ToArray(), batch, up);
        L.Gradient<double>(theta.Select((t, i) => t - h * v[i]).ToArray(), batch, down);
        var expected = up.Select((x, i) => (x - down[i]) / (2 * h)).ToArray();
        double hvError = Numerics.RelativeError(hv, expected);
        output.WriteLine($"{typeof(L).Name} H·v: relative error {hvError:E2}");
        Assert.InRange(hvError, 0, 1e-6);
    }
}
