using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Kernels;

/// <summary>
/// Sums over axes and their adjoints (broadcasts). A tensor is viewed as [outer, mid, inner]
/// around the reduced axis, so one kernel covers every axis of every rank.
/// </summary>
public static class Reductions
{
    /// <summary>dst[0] = the sum of <paramref name="src"/>.</summary>
    public static void Sum<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
        => dst[0] = TensorPrimitives.Sum(src);

    /// <summary>dst[o*inner + i] = sum over m of src[(o*mid + m)*inner + i].</summary>
    public static void SumAxis<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxis(src.Length, dst.Length, outer, mid, inner);
        int block = mid * inner;
        for (int o = 0; o < outer; o++)
        {
            var slab = src.Slice(o * block, block);
            var row = dst.Slice(o * inner, inner);
            if (inner == 1)
            {
                row[0] = TensorPrimitives.Sum(slab);
            }
            else if (mid == 0)
            {
                row.Clear();
            }
            else
            {
                slab[..inner].CopyTo(row);
                for (int m = 1; m < mid; m++)
                {
                    TensorPrimitives.Add(row, slab.Slice(m * inner, inner), row);
                }
            }
        }
    }

    /// <summary>dst[(o*mid + m)*inner + i] = src[o*inner + i]: the adjoint of <see cref="SumAxis{T}"/>.</summary>
    public static void ExpandAxis<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxis(dst.Length, src.Length, outer, mid, inner);
        int block = mid * inner;
        for (int o = 0; o < outer; o++)
        {
            var slab = dst.Slice(o * block, block);
            if (inner == 1)
            {
                slab.Fill(src[o]);
                continue;
            }
            var row = src.Slice(o * inner, inner);
            for (int m = 0; m < mid; m++)
            {
                row.CopyTo(slab.Slice(m * inner, inner));
            }
        }
    }

    /// <summary>
    /// Reduces a suffix-broadcast operand back to its shape: dst[j] = sum over r of
    /// src[r*dst.Length + j]. <c>dst.Length</c> must divide <c>src.Length</c>.
    /// </summary>
    public static void SumTo<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dst.Length == 0 || src.Length % dst.Length != 0)
        {
            throw new ArgumentException($"Length {dst.Length} does not divide source length {src.Length}.", nameof(dst));
        }
        SumAxis(src, dst, 1, src.Length / dst.Length, dst.Length);
    }

    /// <summary>dst[i] = src[i % src.Length]: suffix broadcasting, the adjoint of <see cref="SumTo{T}"/>.</summary>
    public static void BroadcastTo<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (src.Length == 0 || dst.Length % src.Length != 0)
        {
            throw new ArgumentException($"Length {src.Length} does not broadcast to length {dst.Length}.", nameof(src));
        }
        ExpandAxis(src, dst, 1, dst.Length / src.Length, src.Length);
    }

    private static void CheckAxis(int fullLength, int reducedLength, int outer, int mid, int inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outer);
        ArgumentOutOfRangeException.ThrowIfNegative(mid);
        ArgumentOutOfRangeException.ThrowIfNegative(inner);
        if ((long)outer * mid * inner != fullLength || (long)outer * inner != reducedLength)
        {
            throw new ArgumentException(
                $"Shape [{outer}, {mid}, {inner}] does not match lengths {fullLength} (full) and {reducedLength} (reduced).");
        }
    }
}
