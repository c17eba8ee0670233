using MetaDsl.Learners;
using MetaDsl.Tests.Derivatives;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.InContext;

/// <summary>
/// The GPICL transformer's generated derivatives against central finite differences in double, and its causality.
/// Its 28,970 weights are too many to difference one by one in a test, so the gradient is checked on a few
/// entries of every parameter tensor (each tensor's first, last and two between), and H·v along a random direction.
/// </summary>
public sealed class GpiclTransformerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    private static Batch<double> Sequences(int seed, int rows = 3)
    {
        var rng = new SplitMix64((ulong)seed * 7919 + 1);
        var tokens = new double[rows * GpiclTokens.Length * GpiclTokens.Width];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = rng.NextGaussian();
        var labels = new double[rows * GpiclTokens.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = rng.NextInt(GpiclTokens.Classes);
        return new Batch<double>(new Tensor<double>(tokens, rows, GpiclTokens.Length, GpiclTokens.Width), new Tensor<double>(labels, rows, GpiclTokens.Length));
    }

    [Fact]
    public void TheGradientMatchesFiniteDifferencesOnEntriesOfEveryTensor()
    {
        var theta = Fixtures.Theta<GpiclTransformer>(4);
        var batch = Sequences(5);
        var gradient = new double[theta.Length];
        double loss = GpiclTransformer.Gradient<double>(theta, batch, gradient);
        Assert.Equal(GpiclTransformer.Loss<double>(theta, batch), loss, 12);

        var entries = GpiclTransformer.Info.Parameters.SelectMany(p => new[] { 0, p.Size / 3, 2 * p.Size / 3, p.Size - 1 }.Distinct().Select(i => p.Offset + i)).ToArray();
        var expected = new double[entries.Length];
        var probe = (double[])theta.Clone();
        for (int e = 0; e < entries.Length; e++)
        {
            int i = entries[e];
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[i]));
            probe[i] = theta[i] + h;
            double up = GpiclTransformer.Loss<double>(probe, batch);
            probe[i] = theta[i] - h;
            double down = GpiclTransformer.Loss<double>(probe, batch);
            probe[i] = theta[i];
            expected[e] = (up - down) / (2 * h);
        }
        var actual = entries.Select(i => gradient[i]).ToArray();

        double error = Numerics.RelativeError(actual, expected);
        output.WriteLine($"gradient on {entries.Length} entries: relative error {error:E2}");
        Assert.InRange(error, 0, Tolerance);
        Assert.All(GpiclTransformer.Info.Parameters, p => Assert.Contains(gradient.AsSpan(p.Offset, p.Size).ToArray(), g => Math.Abs(g) > 1e-9));
    }

    [Fact]
    public void TheHessianVectorProductMatchesFiniteDifferencesOfTheGradient()
    {
        var theta = Fixtures.Theta<GpiclTransformer>(11);
        var batch = Sequences(12);
        var v = Fixtures.Vector(theta.Length, 13);
        var hv = new double[theta.Length];

        GpiclTransformer.HessianVectorProduct<double>(theta, batch, v, hv);
        var expected = FiniteDifferences.Directional((t, g) => GpiclTransformer.Gradient<double>(t, batch, g), theta, v);

        double error = Numerics.RelativeError(hv, expected);
        output.WriteLine($"H·v: relative error {error:E2}");
        Assert.InRange(error, 0, Tolerance);
    }

    [Fact]
    public void TheGeneratedLossEqualsTheEagerOne()
    {
        var theta = Fixtures.Theta<GpiclTransformer>(21);
        var batch = Sequences(22, rows: 2);

        double eager = Fixtures.EagerLoss<GpiclTransformer>(theta, batch);

        Assert.Equal(eager, GpiclTransformer.Loss<double>(theta, batch), Math.Abs(eager) * 1e-12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(GpiclTokens.Length - 1)]
    public void ChangingATokenChangesNoEarlierPrediction(int changed)
    {
        var theta = Fixtures.Theta<GpiclTransformer>(31);
        var batch = Sequences(32, rows: 2);
        const int classes = GpiclTokens.Classes, length = GpiclTokens.Length;
        var before = new double[2 * length * classes];
        GpiclTransformer.Predict<double>(theta, new Batch<double>(batch[0]), before);

        // Sequence 1's token: its own later predictions may move, sequence 0's none.
        var tokens = (double[])batch[0].Data.Clone();
        for (int j = 0; j < GpiclTokens.Width; j++) tokens[(length + changed) * GpiclTokens.Width + j] += 1 + j;
        var after = new double[before.Length];
        GpiclTransformer.Predict<double>(theta, new Batch<double>(new Tensor<double>(tokens, 2, length, GpiclTokens.Width)), after);

        Assert.Equal(before.AsSpan(0, (length + changed) * classes).ToArray(), after.AsSpan(0, (length + changed) * classes).ToArray());
        var atChange = Enumerable.Range((length + changed) * classes, classes);
        Assert.Contains(atChange, i => Math.Abs(after[i] - before[i]) > 1e-6);
    }
}
