using MetaDsl.Cli.Bench;
using MetaDsl.Learners;
using MetaDsl.Tests.Derivatives;

namespace MetaDsl.Tests.Cli;

/// <summary>The in-context bench cases: the transformer block they time is differentiated exactly, and a warm step allocates nothing.</summary>
public sealed class InContextBenchCaseTests
{
    private const int Values = CausalTransformerBlock.Sequence * CausalTransformerBlock.Width;

    [Fact]
    public void TheTransformerBlocksGradientAndHessianVectorProductMatchFiniteDifferences()
    {
        var rng = new SplitMix64(5);
        var theta = new double[CausalTransformerBlock.Info.ParameterCount];
        CausalTransformerBlock.Initialize<double>(theta, seed: 1);
        // Off their initial values, so the layer norms' scales and the biases take part in the curvature.
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.1 * rng.NextGaussian();
        var batch = new Batch<double>(
            new Tensor<double>(Enumerable.Range(0, Values).Select(_ => rng.NextGaussian()).ToArray(), 1, CausalTransformerBlock.Sequence, CausalTransformerBlock.Width),
            new Tensor<double>(Enumerable.Range(0, Values).Select(_ => rng.NextGaussian()).ToArray(), 1, CausalTransformerBlock.Sequence, CausalTransformerBlock.Width));
        var gradient = new double[theta.Length];
        CausalTransformerBlock.Gradient<double>(theta, batch, gradient);

        // Every parameter's first entry, and 30 entries drawn at random.
        var probes = CausalTransformerBlock.Info.Parameters.Select(p => p.Offset).Concat(Enumerable.Range(0, 30).Select(_ => (int)(rng.NextDouble() * theta.Length)));
        foreach (int i in probes)
        {
            double Loss(double value)
            {
                var probe = (double[])theta.Clone();
                probe[i] = value;
                return CausalTransformerBlock.Loss<double>(probe, batch);
            }
            const double h = 1e-5;
            double expected = (Loss(theta[i] + h) - Loss(theta[i] - h)) / (2 * h);
            Assert.True(Math.Abs(gradient[i] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"dL/dtheta[{i}] = {gradient[i]}, finite differences {expected}");
        }

        var v = Enumerable.Range(0, theta.Length).Select(_ => rng.NextGaussian()).ToArray();
        var hv = new double[theta.Length];
        CausalTransformerBlock.HessianVectorProduct<double>(theta, batch, v, hv);
        var reference = FiniteDifferences.Directional((t, g) => CausalTransformerBlock.Gradient<double>(t, batch, g), theta, v);
        double scale = reference.Max(Math.Abs);
        for (int i = 0; i < theta.Length; i++)
            Assert.True(Math.Abs(hv[i] - reference[i]) <= 1e-5 * scale, $"(H·v)[{i}] = {hv[i]}, finite differences {reference[i]}");
    }

    [Fact]
    public void AWarmStepOfEveryInContextCaseAllocatesNothing()
    {
        foreach (var benchCase in InContextBenchCases.All)
        {
            var step = benchCase.Prepare(1);
            step();
            step();
            long before = GC.GetAllocatedBytesForCurrentThread();
            step();
            Assert.True(GC.GetAllocatedBytesForCurrentThread() == before, $"{benchCase.Name} allocated {GC.GetAllocatedBytesForCurrentThread() - before} B");
            Assert.True(benchCase.FlopsPerStep > 0);
        }
    }
}
