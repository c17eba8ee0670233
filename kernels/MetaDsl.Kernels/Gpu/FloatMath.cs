using ILGPU.Algorithms;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Kernel math in single precision.</summary>
/// <remarks>Erfc runs in double precision and is rounded once, so a float GELU is as accurate as float allows.</remarks>
public readonly struct FloatMath : IKernelMath<float>
{
    /// <inheritdoc/>
    public static float Sqrt(float x) => XMath.Sqrt(x);

    /// <inheritdoc/>
    public static float Exp(float x) => XMath.Exp(x);

    /// <inheritdoc/>
    public static float Log(float x) => XMath.Log(x);

    /// <inheritdoc/>
    public static float Tanh(float x) => XMath.Tanh(x);

    /// <inheritdoc/>
    public static float Sin(float x) => XMath.Sin(x);

    /// <inheritdoc/>
    public static float Cos(float x) => XMath.Cos(x);

    /// <inheritdoc/>
    public static float Pow(float x, float exponent) => XMath.Pow(x, exponent);

    /// <inheritdoc/>
    public static float Erfc(float x) => (float)ErrorFunction.Erfc(x);

    /// <inheritdoc/>
    public static float FromDouble(double x) => (float)x;
}
