using MetaDsl.Tests.Learners;

namespace MetaDsl.Tests.Derivatives;

/// <summary>Symbolic dims read as numbers take the values bound at run time, each its own.</summary>
public class DimNumberTests
{
    [Theory]
    [InlineData(2, 7)]
    [InlineData(6, 1)]
    public void GeneratedLossDividesByTheBoundDims(int n, int t)
    {
        var theta = Fixtures.Theta<OpDimNumbers>(1);
        var rng = new SplitMix64(3);
        var data = new double[n * t * 3];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextGaussian();
        var batch = new Batch<double>(new Tensor<double>(data, n, t, 3));
        double eager = Fixtures.EagerLoss<OpDimNumbers>(theta, batch);
        Assert.Equal(eager, OpDimNumbers.Loss<double>(theta, batch), 1e-12);
        var gradient = new double[theta.Length];
        Assert.Equal(eager, OpDimNumbers.Gradient<double>(theta, batch, gradient), 1e-12);
    }
}
