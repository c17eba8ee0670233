using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// Argmax routing along one axis, viewed as [outer, mid, inner]: the max-pooling forward pass
/// (gather with selector = values) and its adjoint (scatter). The first largest selector wins
/// ties, identically in both, so the scatter is exactly the adjoint of the gather.
/// </summary>
public static class Pooling
{
    /// <summary>dst[o·inner + i] = values[(o·mid + m*)·inner + i], where m* is the first m maximising selector at the same place.</summary>
    public static void MaxGather<T>(ReadOnlySpan<T> selector, ReadOnlySpan<T> values, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(selector.Length, values.Length, dst.Length, outer, mid, inner, reducedIsValues: false);
        int block = mid * inner;
        for (int o = 0; o < outer; o++)
        {
            var slab = selector.Slice(o * block, block);
            var picks = values.Slice(o * block, block);
            var row = dst.Slice(o * inner, inner);
            for (int i = 0; i < inner; i++)
            {
                row[i] = picks[ArgMax(slab, mid, inner, i) * inner + i];
            }
        }
    }

    /// <summary>dst = 0, then dst[(o·mid + m*)·inner + i] = values[o·inner + i], with m* as in <see cref="MaxGather{T}"/>.</summary>
    public static void MaxScatter<T>(ReadOnlySpan<T> selector, ReadOnlySpan<T> values, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(selector.Length, dst.Length, values.Length, outer, mid, inner, reducedIsValues: true);
        int block = mid * inner;
        dst[..(outer * block)].Clear();
        for (int o = 0; o < outer; o++)
        {
            var slab = selector.Slice(o * block, block);
            var target = dst.Slice(o * block, block);
            var row = values.Slice(o * inner, inner);
            for (int i = 0; i < inner; i++)
            {
                target[ArgMax(slab, mid, inner, i) * inner + i] = row[i];
            }
        }
    }

    private static int ArgMax<T>(ReadOnlySpan<T> slab, int mid, int inner, int i) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        T max = slab[i];
        for (int m = 1; m < mid; m++)
        {
            T value = slab[m * inner + i];
            if (value > max)
            {
                max = value;
                best = m;
            }
        }
        return best;
    }

    private static void Check(int selectorLength, int fullLength, int reducedLength, int outer, int mid, int inner, bool reducedIsValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outer);
        ArgumentOutOfRangeException.ThrowIfLessThan(mid, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(inner);
        long full = (long)outer * mid * inner, reduced = (long)outer * inner;
        if (selectorLength < full || fullLength < full || reducedLength < reduced)
        {
            string role = reducedIsValues ? "values" : "destination";
            throw new ArgumentException($"Shape [{outer}, {mid}, {inner}] does not fit lengths {selectorLength} (selector), {fullLength} and {reducedLength} ({role}).");
        }
    }
}
