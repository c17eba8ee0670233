namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>erf, erfc and the GELU kernels against values from a correctly rounded libm (CPython's math.erf and math.erfc).</summary>
public class ErrorFunctionTests
{
    // Each branch of the approximation (|x| ≤ 0.46875, up to 4, beyond 4) and its edges, both signs, and deep tails.
    public static TheoryData<double, double, double> Values => new()
    {
        { -7.5, -1.0, 2.0 },
        { -3.0, -0.9999779095030014, 1.9999779095030015 },
        { -1.2, -0.9103139782296353, 1.9103139782296354 },
        { -0.3, -0.3286267594591274, 1.3286267594591274 },
        { 0.0, 0.0, 1.0 },
        { 0.1, 0.1124629160182849, 0.8875370839817152 },
        { 0.46875, 0.49261347321793797, 0.507386526782062 },
        { 0.5, 0.5204998778130465, 0.4795001221869535 },
        { 1.0, 0.8427007929497149, 0.15729920705028513 },
        { 2.5, 0.999593047982555, 0.0004069520174449589 },
        { 3.9, 0.9999999652077514, 3.479224859723177e-08 },
        { 4.0, 0.9999999845827421, 1.541725790028002e-08 },
        { 4.5, 0.9999999998033839, 1.9661604415428873e-10 },
        { 6.5, 1.0, 3.8421483271206475e-20 },
        { 26.0, 1.0, 5.663192408856143e-296 },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ErfAndErfcAreAccurateToAFewUlps(double x, double erf, double erfc)
    {
        Assert.InRange(Math.Abs(ErrorFunction.Erf(x) - erf), 0, 4e-16 * Math.Max(Math.Abs(erf), 1e-300));
        Assert.InRange(Math.Abs(ErrorFunction.Erfc(x) - erfc), 0, 4e-16 * erfc);
    }

    [Fact]
    public void GeluIsTheExactErfForm()
    {
        double[] x = [-5.0, -1.0, 0.0, 0.7, 3.0];
        double[] expected = [-1.4332578593959731e-06, -0.15865525393145707, 0.0, 0.5306254434438489, 2.99595030590511];
        var y = new double[x.Length];
        ElementWise.Gelu<double>(x, y);
        // Rounding x/√2 is amplified by erfc's steepness in the tail (about 2x² relative), hence 1e-14 and not a few ulps.
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], y[i], Math.Abs(expected[i]) * 1e-14);
    }

    [Fact]
    public void GeluDerivativeMatchesCentralDifferences()
    {
        double[] x = [-4.0, -1.3, -0.2, 0.0, 0.4, 2.2];
        var slope = new double[x.Length];
        ElementWise.GeluDerivative<double>(x, slope);
        const double h = 1e-6;
        var up = new double[x.Length];
        var down = new double[x.Length];
        ElementWise.Gelu<double>(x.Select(v => v + h).ToArray(), up);
        ElementWise.Gelu<double>(x.Select(v => v - h).ToArray(), down);
        for (int i = 0; i < x.Length; i++) Assert.Equal((up[i] - down[i]) / (2 * h), slope[i], 1e-8);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FloatGeluAndItsDerivativeKeepTheirRelativeAccuracyIntoTheTails(bool derivative)
    {
        // 1,003 points: several chunks of the vector path and a ragged tail, from deep in the left tail to the right.
        var x = Enumerable.Range(0, 1003).Select(i => -9.0 + 18.0 * i / 1002).ToArray();
        var single = x.Select(v => (float)v).ToArray();
        var exact = new double[x.Length];
        var y = new float[x.Length];
        if (derivative)
        {
            ElementWise.GeluDerivative<double>(single.Select(v => (double)v).ToArray(), exact);
            ElementWise.GeluDerivative<float>(single, y);
        }
        else
        {
            ElementWise.Gelu<double>(single.Select(v => (double)v).ToArray(), exact);
            ElementWise.Gelu<float>(single, y);
        }
        // Relative to each value, as float rounding of x²/2 inside exp allows (about x² ulps, as for the double path), down
        // to a floor: none for GELU, and for the derivative Φ(x) + x·φ(x) the size of its two terms (about 0.25 where they
        // cancel, around its zero crossing near −0.75).
        double floor = derivative ? 0.25 : 0;
        for (int i = 0; i < x.Length; i++)
        {
            double tolerance = 4e-7 * (1 + x[i] * x[i]) * Math.Max(Math.Abs(exact[i]), floor);
            Assert.True(Math.Abs(y[i] - exact[i]) <= tolerance, $"x = {single[i]}: {y[i]} against {exact[i]}");
        }
    }

    [Fact]
    public void FloatGeluMayWriteOverItsInput()
    {
        var x = Enumerable.Range(0, 300).Select(i => (float)(-3 + 0.02 * i)).ToArray();
        var separate = new float[x.Length];
        ElementWise.Gelu<float>(x, separate);
        ElementWise.Gelu<float>(x, x);
        Assert.Equal(separate, x);
    }
}
