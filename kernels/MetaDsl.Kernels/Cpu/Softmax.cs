using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Kernels;

/// <summary>
/// Softmax and log-softmax over the middle axis of a tensor viewed as [outer, mid, inner].
/// Both subtract the maximum first, so large inputs neither overflow nor lose precision.
/// <c>dst</c> may alias <c>src</c>.
/// </summary>
public static class Softmax
{
    /// <summary>dst = exp(x - max) / sum(exp(x - max)) along the mid axis.</summary>
    public static void Forward<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(src.Length, dst.Length, outer, mid, inner);
        if (mid == 0)
        {
            return;
        }
        int block = mid * inner;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var x = src.Slice(o * block, block);
                var y = dst.Slice(o * block, block);
                T rowMax = TensorPrimitives.Max(x);
                TensorPrimitives.Subtract(x, rowMax, y);
                TensorPrimitives.Exp(y, y);
                TensorPrimitives.Divide(y, TensorPrimitives.Sum<T>(y), y);
            }
            return;
        }

        var scratch = ScratchOf<T>.Get(2 * inner);
        var max = scratch[..inner];
        var sum = scratch.Slice(inner, inner);
        for (int o = 0; o < outer; o++)
        {
            var x = src.Slice(o * block, block);
            var y = dst.Slice(o * block, block);
            RowMax(x, max, mid, inner);
            sum.Clear();
            for (int m = 0; m < mid; m++)
            {
                var row = y.Slice(m * inner, inner);
                TensorPrimitives.Subtract(x.Slice(m * inner, inner), max, row);
                TensorPrimitives.Exp(row, row);
                TensorPrimitives.Add(sum, row, sum);
            }
            for (int m = 0; m < mid; m++)
            {
                var row = y.Slice(m * inner, inner);
                TensorPrimitives.Divide(row, sum, row);
            }
        }
    }

    /// <summary>dst = x - max - log(sum(exp(x - max))) along the mid axis.</summary>
    public static void LogForward<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(src.Length, dst.Length, outer, mid, inner);
        if (mid == 0)
        {
            return;
        }
        int block = mid * inner;
        if (inner == 1)
        {
            var exp = ScratchOf<T>.Get(mid);
            for (int o = 0; o < outer; o++)
            {
                var x = src.Slice(o * block, block);
                T rowMax = TensorPrimitives.Max(x);
                TensorPrimitives.Subtract(x, rowMax, exp);
                TensorPrimitives.Exp(exp, exp);
                T logSumExp = rowMax + T.Log(TensorPrimitives.Sum<T>(exp));
                TensorPrimitives.Subtract(x, logSumExp, dst.Slice(o * block, block));
            }
            return;
        }

        var scratch = ScratchOf<T>.Get(3 * inner);
        var max = scratch[..inner];
        var sum = scratch.Slice(inner, inner);
        var term = scratch.Slice(2 * inner, inner);
        for (int o = 0; o < outer; o++)
        {
            var x = src.Slice(o * block, block);
            var y = dst.Slice(o * block, block);
            RowMax(x, max, mid, inner);
            sum.Clear();
            for (int m = 0; m < mid; m++)
            {
                TensorPrimitives.Subtract(x.Slice(m * inner, inner), max, term);
                TensorPrimitives.Exp(term, term);
                TensorPrimitives.Add(sum, term, sum);
            }
            TensorPrimitives.Log(sum, sum);
            TensorPrimitives.Add(sum, max, sum);
            for (int m = 0; m < mid; m++)
            {
                TensorPrimitives.Subtract(x.Slice(m * inner, inner), sum, y.Slice(m * inner, inner));
            }
        }
    }

    private static void RowMax<T>(ReadOnlySpan<T> x, Span<T> max, int mid, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x[..inner].CopyTo(max);
        for (int m = 1; m < mid; m++)
        {
            TensorPrimitives.Max(max, x.Slice(m * inner, inner), max);
        }
    }

    /// <summary>A per-thread buffer, so calls are thread-safe and warm calls allocate nothing.</summary>
    private static class ScratchOf<T>
    {
        [ThreadStatic] private static T[]? buffer;

        public static Span<T> Get(int length) => ThreadBuffer.Rent(ref buffer, length).AsSpan(0, length);
    }

    private static void Check(int srcLength, int dstLength, int outer, int mid, int inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outer);
        ArgumentOutOfRangeException.ThrowIfNegative(mid);
        ArgumentOutOfRangeException.ThrowIfNegative(inner);
        long length = (long)outer * mid * inner;
        if (srcLength != length || dstLength != length)
        {
            throw new ArgumentException(
                $"Shape [{outer}, {mid}, {inner}] needs {length} values; source has {srcLength}, destination {dstLength}.");
        }
    }
}
