using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// Float features eight parameters at a time on AVX: the moments in vector lanes, an 8×8 transpose of the
/// first eight columns into rows, and the sums of squares in a register. Every value is the scalar path's:
/// each lane does the same arithmetic, and each column's squares are summed in row order.
/// </summary>
public static partial class OptimizerFeatures
{
    /// <summary>Writes the rows of whole groups of eight parameters from <paramref name="start"/> and sums their squares; returns where it stopped.</summary>
    private static unsafe int WriteEightAtATime(Moments<float> moments, ReadOnlySpan<float> theta, ReadOnlySpan<float> gradient, int start, int end,
        Span<float> features, Span<float> sums)
    {
        var squares = Vector256<float>.Zero;
        float lastSquares = 0;
        int i = start;
        fixed (float* f = features)
        {
            for (; i + 8 <= end; i += 8)
            {
                moments.Vectors(theta, gradient, i, out var c);
                var t0 = Avx.UnpackLow(c.C0, c.C1);
                var t1 = Avx.UnpackHigh(c.C0, c.C1);
                var t2 = Avx.UnpackLow(c.C2, c.C3);
                var t3 = Avx.UnpackHigh(c.C2, c.C3);
                var t4 = Avx.UnpackLow(c.C4, c.C5);
                var t5 = Avx.UnpackHigh(c.C4, c.C5);
                var t6 = Avx.UnpackLow(c.C6, c.C7);
                var t7 = Avx.UnpackHigh(c.C6, c.C7);
                var s0 = Avx.Shuffle(t0, t2, 0x44);
                var s1 = Avx.Shuffle(t0, t2, 0xEE);
                var s2 = Avx.Shuffle(t1, t3, 0x44);
                var s3 = Avx.Shuffle(t1, t3, 0xEE);
                var s4 = Avx.Shuffle(t4, t6, 0x44);
                var s5 = Avx.Shuffle(t4, t6, 0xEE);
                var s6 = Avx.Shuffle(t5, t7, 0x44);
                var s7 = Avx.Shuffle(t5, t7, 0xEE);
                float* row = f + (nint)i * Count;
                Row(row, Avx.Permute2x128(s0, s4, 0x20), c.C8.GetElement(0));
                Row(row + Count, Avx.Permute2x128(s1, s5, 0x20), c.C8.GetElement(1));
                Row(row + 2 * Count, Avx.Permute2x128(s2, s6, 0x20), c.C8.GetElement(2));
                Row(row + 3 * Count, Avx.Permute2x128(s3, s7, 0x20), c.C8.GetElement(3));
                Row(row + 4 * Count, Avx.Permute2x128(s0, s4, 0x31), c.C8.GetElement(4));
                Row(row + 5 * Count, Avx.Permute2x128(s1, s5, 0x31), c.C8.GetElement(5));
                Row(row + 6 * Count, Avx.Permute2x128(s2, s6, 0x31), c.C8.GetElement(6));
                Row(row + 7 * Count, Avx.Permute2x128(s3, s7, 0x31), c.C8.GetElement(7));
            }
        }
        for (int k = 0; k < 8; k++) sums[k] = squares.GetElement(k);
        sums[8] = lastSquares;
        return i;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        void Row(float* row, Vector256<float> first, float ninth)
        {
            first.Store(row);
            row[8] = ninth;
            squares += first * first;
            lastSquares += ninth * ninth;
        }
    }

    /// <summary>Multiplies each column of float rows [start, end) by its scale, eight columns as one vector.</summary>
    private static unsafe void ScaleEightColumns(Span<float> features, int start, int end, ReadOnlySpan<float> scale)
    {
        var first = Vector256.Create(scale[..8]);
        float ninth = scale[8];
        fixed (float* f = features)
        {
            for (float* row = f + (nint)start * Count, stop = f + (nint)end * Count; row < stop; row += Count)
            {
                (Vector256.Load(row) * first).Store(row);
                row[8] *= ninth;
            }
        }
    }

    private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(span);

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(span);

    /// <summary>The nine normalised columns of a vector of parameters: value, gradient, three momenta, and the gradient and momenta over the root of the second moment.</summary>
    private readonly record struct ColumnVectors<T>(Vector256<T> C0, Vector256<T> C1, Vector256<T> C2, Vector256<T> C3, Vector256<T> C4,
        Vector256<T> C5, Vector256<T> C6, Vector256<T> C7, Vector256<T> C8) where T : unmanaged, IFloatingPointIeee754<T>;
}
