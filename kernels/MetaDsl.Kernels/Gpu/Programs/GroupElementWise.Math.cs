using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>The element-wise functions beyond arithmetic and the classic activations: roots, trigonometry, powers, clamps, softplus and GELU.</summary>
public static partial class GroupElementWise
{
    private const double InverseSqrt2 = 0.70710678118654752440, InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>dst = √x.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sqrt<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Sqrt(x[i]);
    }

    /// <summary>dst = 1 / √x.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Rsqrt<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = T.One / TMath.Sqrt(x[i]);
    }

    /// <summary>dst = |x|.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Abs<T>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = x[i] < T.Zero ? -x[i] : x[i];
    }

    /// <summary>dst = sin(x).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sin<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Sin(x[i]);
    }

    /// <summary>dst = cos(x).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Cos<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Cos(x[i]);
    }

    /// <summary>dst = x^exponent.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Pow<T, TMath>(ArrayView<T> x, T exponent, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Pow(x[i], exponent);
    }

    /// <summary>dst = min(max(x, lo), hi).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Clamp<T>(ArrayView<T> x, T lo, T hi, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX)
        {
            T v = x[i];
            dst[i] = v < lo ? lo : v > hi ? hi : v;
        }
    }

    /// <summary>dst = x where x &gt; 0, else slope · x.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LeakyRelu<T>(ArrayView<T> x, T slope, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = x[i] > T.Zero ? x[i] : slope * x[i];
    }

    /// <summary>dst = max(x, 0) + ln(1 + exp(−|x|)) = ln(1 + exp(x)).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Softplus<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX)
        {
            T v = x[i];
            T positive = v > T.Zero ? v : T.Zero;
            dst[i] = positive + TMath.Log(T.One + TMath.Exp(v > T.Zero ? -v : v));
        }
    }

    /// <summary>dst = x · Φ(x) with Φ(x) = erfc(−x/√2)/2: the exact GELU.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Gelu<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        T half = TMath.FromDouble(0.5), scale = TMath.FromDouble(InverseSqrt2);
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = half * x[i] * TMath.Erfc(-x[i] * scale);
    }

    /// <summary>dst = Φ(x) + x · φ(x), the derivative of <see cref="Gelu{T, TMath}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void GeluDerivative<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        T half = TMath.FromDouble(0.5), scale = TMath.FromDouble(InverseSqrt2), density = TMath.FromDouble(InverseSqrt2Pi);
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX)
        {
            T v = x[i];
            dst[i] = half * TMath.Erfc(-v * scale) + v * density * TMath.Exp(-half * v * v);
        }
    }
}
