using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MetaDsl.Kernels;

public static partial class ElementWise
{
    /// <summary>dst = -src. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Neg<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Negate(src, Same(src, dst));

    /// <summary>dst = max(src, 0). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Relu<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Max(src, T.Zero, Same(src, dst));

    /// <summary>dst = 1 where src &gt; 0, else 0 (the derivative of <see cref="Relu{T}"/>). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Step<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst = Same(src, dst);
        ref T x = ref MemoryMarshal.GetReference(src);
        ref T y = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)src.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref x, i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero).StoreUnsafe(ref y, i);
            }
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref x, i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<T>.Zero), Vector256<T>.One, Vector256<T>.Zero).StoreUnsafe(ref y, i);
            }
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) = Unsafe.Add(ref x, i) > T.Zero ? T.One : T.Zero;
        }
    }

    /// <summary>dst = tanh(src). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Tanh(src, Same(src, dst));

    /// <summary>dst = 1 / (1 + exp(-src)). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Sigmoid(src, Same(src, dst));

    /// <summary>dst = exp(src). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Exp<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Exp(src, Same(src, dst));

    /// <summary>dst = ln(src). <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Log<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Log(src, Same(src, dst));

    /// <summary>dst = src². <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Square<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Multiply(src, src, Same(src, dst));

    /// <summary>dst = src. <paramref name="dst"/> may alias <paramref name="src"/>.</summary>
    public static void Copy<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => src.CopyTo(Same(src, dst));

    /// <summary>Sets every value of <paramref name="dst"/> to <paramref name="value"/>.</summary>
    public static void Fill<T>(Span<T> dst, T value) where T : unmanaged, IFloatingPointIeee754<T>
        => dst.Fill(value);

    /// <summary>
    /// Checks the unary contract (equal lengths) and returns <paramref name="dst"/>, so that a
    /// longer destination is never partly written.
    /// </summary>
    private static Span<T> Same<T>(ReadOnlySpan<T> src, Span<T> dst)
    {
        if (src.Length != dst.Length)
        {
            throw new ArgumentException($"Source has length {src.Length} but destination has length {dst.Length}.", nameof(dst));
        }
        return dst;
    }
}
