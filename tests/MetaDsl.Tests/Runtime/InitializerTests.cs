using Xunit;

namespace MetaDsl.Tests.Runtime;

public sealed class InitializerTests
{
    [Fact]
    public void UniformDrawsWithinTheGivenBoundAndFillsIt()
    {
        var values = new double[4096];
        Initializer.Fill<double>(values, [64, 64], Init.Uniform, 0.25, seed: 1, index: 0);
        Assert.All(values, v => Assert.InRange(v, -0.25, 0.25));
        // Kaiming's bound for 64 inputs would be 0.306: the given bound is used, and reached.
        Assert.True(values.Max() > 0.24 && values.Min() < -0.24, $"range {values.Min()}..{values.Max()}");
        Assert.Equal(0, values.Average(), 0.01);
    }
}
