using System.Numerics;
using System.Runtime.CompilerServices;

namespace MetaDsl.Kernels;

/// <summary>
/// Matrix-vector product as dot products of contiguous rows (y = A·x with A row-major), four rows
/// at a time so each load of x serves four accumulators. Used for the n = 1 products of small
/// models (a hidden layer times a single output column), where one call per row would cost more
/// than the arithmetic.
/// </summary>
internal static unsafe class RowDots<TOps, TVec, T>
    where TOps : ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// y[i·ldy] (+)= Σ_p a[i·lda + p]·x[p] for i &lt; m, through <paramref name="epilogue"/> (its first column):
    /// one column of a product whose outputs are <paramref name="ldy"/> apart. Needs k ≥ one vector.
    /// </summary>
    public static void Multiply(T* a, nint lda, T* x, T* y, nint ldy, int m, int k, bool accumulate, Epilogue<T> epilogue)
    {
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            Block<Four>(a + i * lda, lda, x, y + i * ldy, ldy, k, accumulate, epilogue);
        }
        switch (m - i)
        {
            case 1: Block<One>(a + i * lda, lda, x, y + i * ldy, ldy, k, accumulate, epilogue); break;
            case 2: Block<Two>(a + i * lda, lda, x, y + i * ldy, ldy, k, accumulate, epilogue); break;
            case 3: Block<Three>(a + i * lda, lda, x, y + i * ldy, ldy, k, accumulate, epilogue); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TRows>(T* a, nint lda, T* x, T* y, nint ldy, int k, bool accumulate, Epilogue<T> epilogue) where TRows : ICount
    {
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        T* a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        int width = TOps.Count;
        int p = 0;
        for (; p + width <= k; p += width)
        {
            TVec xv = TOps.Load(x + p);
            s0 = TOps.MultiplyAdd(TOps.Load(a + p), xv, s0);
            if (TRows.Value > 1) { s1 = TOps.MultiplyAdd(TOps.Load(a1 + p), xv, s1); }
            if (TRows.Value > 2) { s2 = TOps.MultiplyAdd(TOps.Load(a2 + p), xv, s2); }
            if (TRows.Value > 3) { s3 = TOps.MultiplyAdd(TOps.Load(a3 + p), xv, s3); }
        }
        if (p < k)
        {
            // The last vector ends at k and overlaps values already summed. Those lanes are zeroed
            // in both operands, not only in x, so an infinite value there cannot add 0·∞ = NaN.
            p = k - width;
            TVec keep = TOps.LanesFrom(width - k % width);
            TVec xv = TOps.Select(keep, TOps.Load(x + p), TOps.Zero);
            s0 = TOps.MultiplyAdd(TOps.Select(keep, TOps.Load(a + p), TOps.Zero), xv, s0);
            if (TRows.Value > 1) { s1 = TOps.MultiplyAdd(TOps.Select(keep, TOps.Load(a1 + p), TOps.Zero), xv, s1); }
            if (TRows.Value > 2) { s2 = TOps.MultiplyAdd(TOps.Select(keep, TOps.Load(a2 + p), TOps.Zero), xv, s2); }
            if (TRows.Value > 3) { s3 = TOps.MultiplyAdd(TOps.Select(keep, TOps.Load(a3 + p), TOps.Zero), xv, s3); }
        }
        Store(y, s0, accumulate, epilogue);
        if (TRows.Value > 1) { Store(y + ldy, s1, accumulate, epilogue); }
        if (TRows.Value > 2) { Store(y + 2 * ldy, s2, accumulate, epilogue); }
        if (TRows.Value > 3) { Store(y + 3 * ldy, s3, accumulate, epilogue); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* y, TVec sum, bool accumulate, Epilogue<T> epilogue)
    {
        T total = TOps.Sum(sum);
        *y = epilogue.Apply(accumulate ? *y + total : total, 0);
    }
}
