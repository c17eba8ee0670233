using ILGPU.Algorithms;

namespace MetaDsl.Kernels;

/// <summary>
/// The error function and its complement to double precision (about 2 ulp), by W. J. Cody's rational
/// Chebyshev approximations (Math. Comp. 23, 1969; SPECFUN's CALERF). Only arithmetic and
/// <see cref="XMath.Exp(double)"/>, so the same code runs on the CPU and inside ILGPU kernels.
/// </summary>
public static class ErrorFunction
{
    private const double Threshold = 0.46875, Split = 4.0, ErfIsOne = 6.0, ErfcUnderflows = 26.543;

    /// <summary>erf(x) = 2/√π ∫₀ˣ exp(−t²) dt.</summary>
    public static double Erf(double x)
    {
        double y = x < 0 ? -x : x;
        if (y <= Threshold) return Small(x);
        double value = y >= ErfIsOne ? 1.0 : 1.0 - Tail(y);
        return x < 0 ? -value : value;
    }

    /// <summary>erfc(x) = 1 − erf(x), without the cancellation that subtracting would cause for large x.</summary>
    public static double Erfc(double x)
    {
        double y = x < 0 ? -x : x;
        if (y <= Threshold) return 1.0 - Small(x);
        double tail = y >= ErfcUnderflows ? 0.0 : Tail(y);
        return x < 0 ? 2.0 - tail : tail;
    }

    /// <summary>erf(x) for |x| ≤ 0.46875: x · P(x²) / Q(x²).</summary>
    private static double Small(double x)
    {
        double z = x * x;
        double num = 1.85777706184603153e-1 * z, den = z;
        num = (num + 3.16112374387056560e00) * z; den = (den + 2.36012909523441209e01) * z;
        num = (num + 1.13864154151050156e02) * z; den = (den + 2.44024637934444173e02) * z;
        num = (num + 3.77485237685302021e02) * z; den = (den + 1.28261652607737228e03) * z;
        return x * (num + 3.20937758913846947e03) / (den + 2.84423683343917062e03);
    }

    /// <summary>
    /// erfc(y) for y &gt; 0.46875: exp(−y²) times a rational function. exp(−y²) is taken as
    /// exp(−s²)·exp(−(y−s)(y+s)) with s = y rounded down to sixteenths, so that y² is not rounded.
    /// </summary>
    private static double Tail(double y)
    {
        double ratio;
        if (y <= Split)
        {
            double num = 2.15311535474403846e-8 * y, den = y;
            num = (num + 5.64188496988670089e-1) * y; den = (den + 1.57449261107098347e01) * y;
            num = (num + 8.88314979438837594e00) * y; den = (den + 1.17693950891312499e02) * y;
            num = (num + 6.61191906371416295e01) * y; den = (den + 5.37181101862009858e02) * y;
            num = (num + 2.98635138197400131e02) * y; den = (den + 1.62138957456669019e03) * y;
            num = (num + 8.81952221241769090e02) * y; den = (den + 3.29079923573345963e03) * y;
            num = (num + 1.71204761263407058e03) * y; den = (den + 4.36261909014324716e03) * y;
            num = (num + 2.05107837782607147e03) * y; den = (den + 3.43936767414372164e03) * y;
            ratio = (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
        }
        else
        {
            double z = 1.0 / (y * y);
            double num = 1.63153871373020978e-2 * z, den = z;
            num = (num + 3.05326634961232344e-1) * z; den = (den + 2.56852019228982242e00) * z;
            num = (num + 3.60344899949804439e-1) * z; den = (den + 1.87295284992346725e00) * z;
            num = (num + 1.25781726111229246e-1) * z; den = (den + 5.27905102951428412e-1) * z;
            num = (num + 1.60837851487422766e-2) * z; den = (den + 6.05183413124413191e-2) * z;
            ratio = z * (num + 6.58749161529837803e-4) / (den + 2.33520497626869185e-3);
            ratio = (5.6418958354775628695e-1 - ratio) / y;
        }
        double s = (int)(y * 16.0) / 16.0;
        double delta = (y - s) * (y + s);
        return XMath.Exp(-s * s) * XMath.Exp(-delta) * ratio;
    }
}
