using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// Element-wise ops for generated programs, called by all threads of a group, which stride over dst.
/// An operand smaller than dst is a trailing part of its shape (or a scalar) and repeats, as on the CPU.
/// The loops live here rather than in the generated program, so that the program itself is straight-line
/// code: ILGPU's IL front end builds SSA per method, and hundreds of loops in one method make that superlinear.
/// </summary>
public static partial class GroupElementWise
{
    /// <summary>dst = a + b.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> dst) where T : unmanaged, INumber<T>
        => Binary<T, AddOp<T>>(a, b, dst);

    /// <summary>dst = a − b.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sub<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> dst) where T : unmanaged, INumber<T>
        => Binary<T, SubOp<T>>(a, b, dst);

    /// <summary>dst = a · b.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Mul<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> dst) where T : unmanaged, INumber<T>
        => Binary<T, MulOp<T>>(a, b, dst);

    /// <summary>dst = a / b.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Div<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> dst) where T : unmanaged, INumber<T>
        => Binary<T, DivOp<T>>(a, b, dst);

    /// <summary>dst = −x.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Neg<T>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = -x[i];
    }

    /// <summary>dst = max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Relu<T>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = x[i] > T.Zero ? x[i] : T.Zero;
    }

    /// <summary>dst = 1 where x &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Step<T>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = x[i] > T.Zero ? T.One : T.Zero;
    }

    /// <summary>dst = x².</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Square<T>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = x[i] * x[i];
    }

    /// <summary>dst = tanh(x).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Tanh<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Tanh(x[i]);
    }

    /// <summary>dst = 1 / (1 + exp(−x)).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sigmoid<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = T.One / (T.One + TMath.Exp(-x[i]));
    }

    /// <summary>dst = exp(x).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Exp<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Exp(x[i]);
    }

    /// <summary>dst = ln(x).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Log<T, TMath>(ArrayView<T> x, ArrayView<T> dst) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = TMath.Log(x[i]);
    }

    /// <summary>dst = src (same length).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Copy<T>(ArrayView<T> src, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = src[i];
    }

    /// <summary>dst = 0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Clear<T>(ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = T.Zero;
    }

    /// <summary>
    /// One row of <paramref name="classes"/> values per label: 1 at the label's class, 0 elsewhere. Labels
    /// are checked on the host before launch, since a device cannot throw.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OneHot<T, TMath>(ArrayView<T> labels, ArrayView<T> dst, int classes) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX)
            dst[i] = labels[i / classes] == TMath.FromDouble(i % classes) ? T.One : T.Zero;
    }

    /// <summary>Thread 0 writes <paramref name="value"/> as the scalar dst[0].</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Scalar<T>(ArrayView<T> dst, T value) where T : unmanaged, INumber<T>
    {
        if (Group.IdxX == 0) dst[0] = value;
    }

    private static void Binary<T, TOp>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> dst) where T : unmanaged, INumber<T> where TOp : struct, IBinaryOp<T>
    {
        int size = (int)dst.Length, sizeA = (int)a.Length, sizeB = (int)b.Length;
        for (int i = Group.IdxX; i < size; i += Group.DimX)
            dst[i] = TOp.Apply(a[sizeA == size ? i : i % sizeA], b[sizeB == size ? i : i % sizeB]);
    }

    private interface IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        static abstract T Apply(T x, T y);
    }

    private readonly struct AddOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x + y;
    }

    private readonly struct SubOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x - y;
    }

    private readonly struct MulOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x * y;
    }

    private readonly struct DivOp<T> : IBinaryOp<T> where T : unmanaged, INumber<T>
    {
        public static T Apply(T x, T y) => x / y;
    }
}
