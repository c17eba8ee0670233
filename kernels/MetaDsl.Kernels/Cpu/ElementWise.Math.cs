using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Kernels;

public static partial class ElementWise
{
    private const double InverseSqrt2 = 0.70710678118654752440, InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>dst = √src. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Sqrt<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Sqrt(src, Same(src, dst));

    /// <summary>dst = 1 / √src, as a correctly rounded square root and division (no hardware estimate). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Rsqrt<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.ReciprocalSqrt(src, Same(src, dst));

    /// <summary>dst = |src|. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Abs<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Abs(src, Same(src, dst));

    /// <summary>dst = sin(src). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Sin<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Sin(src, Same(src, dst));

    /// <summary>dst = cos(src). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Cos<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Cos(src, Same(src, dst));

    /// <summary>dst = src^<paramref name="exponent"/> (IEEE pow: a negative base needs an integer exponent). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Pow<T>(ReadOnlySpan<T> src, T exponent, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Pow(src, exponent, Same(src, dst));

    /// <summary>dst = min(max(src, lo), hi). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Clamp<T>(ReadOnlySpan<T> src, T lo, T hi, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Clamp(src, lo, hi, Same(src, dst));

    /// <summary>dst = src where src &gt; 0, else slope · src. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void LeakyRelu<T>(ReadOnlySpan<T> src, T slope, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst = Same(src, dst);
        for (int i = 0; i < src.Length; i++)
        {
            T x = src[i];
            dst[i] = x > T.Zero ? x : slope * x;
        }
    }

    /// <summary>dst = ln(1 + exp(src)), as max(src, 0) + ln(1 + exp(−|src|)) so that it neither overflows nor underflows. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Softplus<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst = Same(src, dst);
        for (int i = 0; i < src.Length; i++)
        {
            T x = src[i];
            dst[i] = T.Max(x, T.Zero) + T.Log(T.One + T.Exp(-T.Abs(x)));
        }
    }

    /// <summary>
    /// dst = src · Φ(src), Φ the standard normal CDF: the exact (erf) GELU, PyTorch's default. Φ is
    /// taken as erfc(−x/√2)/2 in double precision, so that the left tail keeps its relative accuracy.
    /// <paramref name="dst"/> may alias <paramref name="src"/>.
    /// </summary>
    public static void Gelu<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst = Same(src, dst);
        for (int i = 0; i < src.Length; i++)
        {
            double x = double.CreateTruncating(src[i]);
            dst[i] = T.CreateTruncating(0.5 * x * ErrorFunction.Erfc(-x * InverseSqrt2));
        }
    }

    /// <summary>dst = Φ(src) + src · φ(src), the derivative of <see cref="Gelu{T}"/> (φ the standard normal density). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void GeluDerivative<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst = Same(src, dst);
        for (int i = 0; i < src.Length; i++)
        {
            double x = double.CreateTruncating(src[i]);
            dst[i] = T.CreateTruncating(0.5 * ErrorFunction.Erfc(-x * InverseSqrt2) + x * InverseSqrt2Pi * Math.Exp(-0.5 * x * x));
        }
    }
}
