using MetaDsl.Kernels;

namespace MetaDsl.Kernels.Tests.Cpu;

public class FusedKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(400)]
    [InlineData(1001)]
    public void MulStepEqualsMulOfStep(int length)
    {
        var rng = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        var x = Enumerable.Range(0, length).Select(i => i % 5 == 0 ? 0f : rng.NextSingle() * 2 - 1).ToArray();
        var step = new float[length];
        var expected = new float[length];
        ElementWise.Step<float>(x, step);
        ElementWise.Mul<float>(a, step, expected);
        var actual = new float[length];
        ElementWise.MulStep<float>(a, x, actual);
        Assert.Equal(expected, actual);
        ElementWise.MulStep<float>(a, x, a);
        Assert.Equal(expected, a);
    }

    [Fact]
    public void MulStepRejectsUnequalLengths()
        => Assert.Throws<ArgumentException>(() => ElementWise.MulStep<double>(new double[3], new double[4], new double[3]));
}
