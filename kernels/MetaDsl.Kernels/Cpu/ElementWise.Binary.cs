using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MetaDsl.Kernels;

/// <summary>
/// Element-wise kernels over flat spans. Binary operations use suffix broadcasting: each operand
/// has the length of <c>dst</c>, a length that divides it (its shape is a suffix of the output's,
/// so operand index = <c>i % length</c>), or length 1. <c>dst</c> may be the same memory as an
/// operand of its own length.
/// </summary>
public static partial class ElementWise
{
    /// <summary>dst = a + b with suffix broadcasting.</summary>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Binary<T, AddOp<T>>(a, b, dst);

    /// <summary>dst = a - b with suffix broadcasting.</summary>
    public static void Sub<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Binary<T, SubOp<T>>(a, b, dst);

    /// <summary>dst = a * b with suffix broadcasting.</summary>
    public static void Mul<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Binary<T, MulOp<T>>(a, b, dst);

    /// <summary>dst = a / b with suffix broadcasting.</summary>
    public static void Div<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Binary<T, DivOp<T>>(a, b, dst);

    private static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOp<T>
    {
        int length = dst.Length;
        if (length == 0)
        {
            return;
        }
        CheckOperand(a.Length, length, nameof(a));
        CheckOperand(b.Length, length, nameof(b));

        if (a.Length == length)
        {
            if (b.Length == length)
            {
                TOp.Apply(a, b, dst);
            }
            else if (b.Length == 1)
            {
                TOp.Apply(a, b[0], dst);
            }
            else if (IsShortVectorPeriod<T>(b.Length))
            {
                Repeated<T, TOp>(a, b, dst, periodFirst: false);
            }
            else
            {
                // b repeats along the leading dims: one vectorised call per repetition.
                for (int start = 0; start < length; start += b.Length)
                {
                    TOp.Apply(a.Slice(start, b.Length), b, dst.Slice(start, b.Length));
                }
            }
        }
        else if (b.Length == length)
        {
            if (a.Length == 1)
            {
                TOp.Apply(a[0], b, dst);
            }
            else if (IsShortVectorPeriod<T>(a.Length))
            {
                Repeated<T, TOp>(b, a, dst, periodFirst: true);
            }
            else
            {
                for (int start = 0; start < length; start += a.Length)
                {
                    TOp.Apply(a, b.Slice(start, a.Length), dst.Slice(start, a.Length));
                }
            }
        }
        else
        {
            // Neither operand spans the output, so the output is periodic: compute one period
            // and copy it. Both lengths divide the output's, hence so does their lcm.
            int period = LeastCommonMultiple(a.Length, b.Length);
            var first = dst[..period];
            if (period == a.Length || period == b.Length)
            {
                Binary<T, TOp>(a, b, first);
            }
            else
            {
                for (int i = 0; i < period; i++)
                {
                    first[i] = TOp.Apply(a[i % a.Length], b[i % b.Length]);
                }
            }
            for (int start = period; start < length; start += period)
            {
                first.CopyTo(dst.Slice(start, period));
            }
        }
    }

    /// <summary>Periods up to this long (a layer's bias) take <see cref="Repeated{T, TOp}"/>; longer ones amortise a call per repetition.</summary>
    private const int ShortPeriod = 256;

    /// <summary>True for a period <see cref="Repeated{T, TOp}"/> handles: a whole number of hardware vectors of float or double, at most <see cref="ShortPeriod"/> long.</summary>
    private static bool IsShortVectorPeriod<T>(int length) where T : unmanaged =>
        (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector.IsHardwareAccelerated
        && length % Vector<T>.Count == 0 && length <= ShortPeriod;

    /// <summary>
    /// dst = full ∘ period (or period ∘ full) with period repeating along the leading dims and a whole
    /// number of vectors long, in one loop: a bias over many short rows would otherwise cost a library
    /// call per row, several times the arithmetic.
    /// </summary>
    private static void Repeated<T, TOp>(ReadOnlySpan<T> full, ReadOnlySpan<T> period, Span<T> dst, bool periodFirst)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOp<T>
    {
        var fullVectors = MemoryMarshal.Cast<T, Vector<T>>(full);
        var periodVectors = MemoryMarshal.Cast<T, Vector<T>>(period);
        var dstVectors = MemoryMarshal.Cast<T, Vector<T>>(dst);
        int width = periodVectors.Length;
        for (int start = 0; start < dstVectors.Length; start += width)
        {
            for (int j = 0; j < width; j++)
            {
                dstVectors[start + j] = periodFirst
                    ? TOp.Apply(periodVectors[j], fullVectors[start + j])
                    : TOp.Apply(fullVectors[start + j], periodVectors[j]);
            }
        }
    }

    private static int LeastCommonMultiple(int x, int y)
    {
        int a = x, b = y;
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return x / a * y;
    }

    private static void CheckOperand(int operandLength, int length, string name)
    {
        if (operandLength == 0 || length % operandLength != 0)
        {
            throw new ArgumentException(
                $"Operand '{name}' has length {operandLength}, which does not broadcast to length {length}.", name);
        }
    }

    /// <summary>One binary operation in its scalar form and its three vectorised forms.</summary>
    private interface IBinaryOp<T>
    {
        static abstract T Apply(T x, T y);
        static abstract void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst);
        static abstract void Apply(ReadOnlySpan<T> x, T y, Span<T> dst);
        static abstract void Apply(T x, ReadOnlySpan<T> y, Span<T> dst);
        static abstract Vector<T> Apply(Vector<T> x, Vector<T> y);
    }

    private readonly struct AddOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Apply(T x, T y) => x + y;
        public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Add(x, y, dst);
        public static void Apply(ReadOnlySpan<T> x, T y, Span<T> dst) => TensorPrimitives.Add(x, y, dst);
        public static void Apply(T x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Add(y, x, dst);
        public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x + y;
    }

    private readonly struct SubOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Apply(T x, T y) => x - y;
        public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Subtract(x, y, dst);
        public static void Apply(ReadOnlySpan<T> x, T y, Span<T> dst) => TensorPrimitives.Subtract(x, y, dst);
        public static void Apply(T x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Subtract(x, y, dst);
        public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x - y;
    }

    private readonly struct MulOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Apply(T x, T y) => x * y;
        public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Multiply(x, y, dst);
        public static void Apply(ReadOnlySpan<T> x, T y, Span<T> dst) => TensorPrimitives.Multiply(x, y, dst);
        public static void Apply(T x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Multiply(y, x, dst);
        public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x * y;
    }

    private readonly struct DivOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Apply(T x, T y) => x / y;
        public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Divide(x, y, dst);
        public static void Apply(ReadOnlySpan<T> x, T y, Span<T> dst) => TensorPrimitives.Divide(x, y, dst);
        public static void Apply(T x, ReadOnlySpan<T> y, Span<T> dst) => TensorPrimitives.Divide(x, y, dst);
        public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x / y;
    }
}
