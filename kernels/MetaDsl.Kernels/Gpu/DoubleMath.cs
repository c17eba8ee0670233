using ILGPU.Algorithms;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Kernel math in double precision.</summary>
public readonly struct DoubleMath : IKernelMath<double>
{
    /// <inheritdoc/>
    public static double Sqrt(double x) => XMath.Sqrt(x);

    /// <inheritdoc/>
    public static double Exp(double x) => XMath.Exp(x);

    /// <inheritdoc/>
    public static double Log(double x) => XMath.Log(x);

    /// <inheritdoc/>
    public static double Tanh(double x) => XMath.Tanh(x);

    /// <inheritdoc/>
    public static double Sin(double x) => XMath.Sin(x);

    /// <inheritdoc/>
    public static double Cos(double x) => XMath.Cos(x);

    /// <inheritdoc/>
    public static double Pow(double x, double exponent) => XMath.Pow(x, exponent);

    /// <inheritdoc/>
    public static double Erfc(double x) => ErrorFunction.Erfc(x);

    /// <inheritdoc/>
    public static double FromDouble(double x) => (double)x;
}
