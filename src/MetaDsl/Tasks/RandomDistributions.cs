namespace MetaDsl.Tasks;

/// <summary>Gamma and Beta draws on top of <see cref="SplitMix64"/>, reproducible on every platform.</summary>
public static class RandomDistributions
{
    /// <summary>
    /// A Gamma(<paramref name="shape"/>, 1) draw by Marsaglia and Tsang's squeeze method (2000).
    /// For shape &lt; 1 it draws Gamma(shape + 1) and scales by U^(1/shape), the standard boost.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The shape is not positive and finite.</exception>
    public static double NextGamma(ref SplitMix64 rng, double shape)
    {
        if (!(shape > 0) || !double.IsFinite(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The Gamma shape must be positive and finite.");
        if (shape < 1)
        {
            double boost = Math.Pow(1.0 - rng.NextDouble(), 1.0 / shape);
            return NextGamma(ref rng, shape + 1) * boost;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1.0 - rng.NextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A Beta(<paramref name="a"/>, <paramref name="b"/>) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public static double NextBeta(ref SplitMix64 rng, double a, double b)
    {
        double x = NextGamma(ref rng, a);
        double y = NextGamma(ref rng, b);
        // Both can underflow to 0 for tiny shapes; the limit then puts all mass on an endpoint.
        double sum = x + y;
        return sum > 0 ? x / sum : (rng.NextDouble() < a / (a + b) ? 1.0 : 0.0);
    }
}
