using System.Numerics;

namespace MetaDsl.Kernels.Gpu;

/// <summary>
/// The math a kernel needs beyond <see cref="INumber{TSelf}"/>'s operators, one implementation per
/// element type. ILGPU cannot compile members that reach <c>System.Runtime.Intrinsics</c> or
/// reflection (<c>T.Sqrt</c>, <c>T.CreateTruncating</c> among them), so kernels call these static
/// members instead, which forward to ILGPU's <c>XMath</c> for the concrete type.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IKernelMath<T> where T : unmanaged, INumber<T>
{
    /// <summary>The square root of <paramref name="x"/>.</summary>
    static abstract T Sqrt(T x);

    /// <summary>e raised to <paramref name="x"/>.</summary>
    static abstract T Exp(T x);

    /// <summary>The natural logarithm of <paramref name="x"/>.</summary>
    static abstract T Log(T x);

    /// <summary>The hyperbolic tangent of <paramref name="x"/>.</summary>
    static abstract T Tanh(T x);

    /// <summary>The sine of <paramref name="x"/> (radians).</summary>
    static abstract T Sin(T x);

    /// <summary>The cosine of <paramref name="x"/> (radians).</summary>
    static abstract T Cos(T x);

    /// <summary><paramref name="x"/> raised to <paramref name="exponent"/>.</summary>
    static abstract T Pow(T x, T exponent);

    /// <summary>The complementary error function, 1 − erf(<paramref name="x"/>), to double precision (see <see cref="ErrorFunction"/>).</summary>
    static abstract T Erfc(T x);

    /// <summary><paramref name="x"/> rounded to <typeparamref name="T"/>: how generated kernels write constants and dim values.</summary>
    static abstract T FromDouble(double x);
}
