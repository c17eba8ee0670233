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
            int i = 0;
            if (Vectorised<T>())
            {
                for (; i <= inner - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var best = ArgMaxLanes(slab, mid, inner, i);
                    var picked = Vector<T>.Zero;
                    for (int m = 0; m < mid; m++)
                    {
                        picked = Vector.ConditionalSelect(Vector.Equals(best, new Vector<T>(T.CreateTruncating(m))), new Vector<T>(picks[(m * inner + i)..]), picked);
                    }
                    picked.CopyTo(row[i..]);
                }
            }
            for (; i < inner; i++)
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
        for (int o = 0; o < outer; o++)
        {
            var slab = selector.Slice(o * block, block);
            var target = dst.Slice(o * block, block);
            var row = values.Slice(o * inner, inner);
            int i = 0;
            if (Vectorised<T>())
            {
                // Every slot of the window is written, the value or zero, so the block needs no clearing first.
                for (; i <= inner - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var best = ArgMaxLanes(slab, mid, inner, i);
                    var value = new Vector<T>(row[i..]);
                    for (int m = 0; m < mid; m++)
                    {
                        Vector.ConditionalSelect(Vector.Equals(best, new Vector<T>(T.CreateTruncating(m))), value, Vector<T>.Zero).CopyTo(target[(m * inner + i)..]);
                    }
                }
            }
            for (; i < inner; i++)
            {
                int best = ArgMax(slab, mid, inner, i);
                for (int m = 0; m < mid; m++)
                {
                    target[m * inner + i] = m == best ? row[i] : T.Zero;
                }
            }
        }
    }

    /// <summary>Whether <typeparamref name="T"/>'s lanes run as hardware vectors (float and double do; Half does not).</summary>
    private static bool Vectorised<T>() => Vector.IsHardwareAccelerated && Vector<T>.IsSupported;

    /// <summary>
    /// Per lane of the vector at <paramref name="i"/>, the first m maximising the selector, as a value of T
    /// (exact: a window holds far fewer than 2^24 positions). Only a strictly larger value replaces the best,
    /// as in the scalar <see cref="ArgMax{T}(ReadOnlySpan{T}, int, int, int)"/>, so both pick the same m, NaN included.
    /// </summary>
    private static Vector<T> ArgMaxLanes<T>(ReadOnlySpan<T> slab, int mid, int inner, int i) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = new Vector<T>(slab[i..]);
        var best = Vector<T>.Zero;
        for (int m = 1; m < mid; m++)
        {
            var value = new Vector<T>(slab[(m * inner + i)..]);
            var greater = Vector.GreaterThan(value, max);
            max = Vector.ConditionalSelect(greater, value, max);
            best = Vector.ConditionalSelect(greater, new Vector<T>(T.CreateTruncating(m)), best);
        }
        return best;
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
