using System.Numerics;
using System.Runtime.CompilerServices;

namespace MetaDsl.Kernels;

/// <summary>
/// The register-blocked GEMM micro-kernel: a block of up to <see cref="MaxRows"/> rows by one or two
/// vectors of columns of C, accumulated in registers over the whole k loop and written once.
/// </summary>
/// <remarks>
/// A is read through two strides, so the same kernel serves row-major A, transposed A and packed
/// A; each of its values is broadcast. B must have its block's columns contiguous (row stride
/// <c>ldb</c>). A block that ends past column n is instead placed to end exactly at n, overlapping
/// columns already written; <c>skip</c> counts those leading lanes, which are written back unchanged.
/// </remarks>
internal static unsafe class MicroKernel<TOps, TVec, T>
    where TOps : ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most rows one block covers: 16 accumulators leave registers for B and A.</summary>
    public const int MaxRows = 8;

    /// <summary>C[r, 0..TCols·V) (+)= Σ_p A(r, p) · B[p, 0..TCols·V) for r &lt; TRows, through <paramref name="epilogue"/> (whose columns start with the block's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block<TRows, TCols>(T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc, int k, bool accumulate, int skip, Epilogue<T> epilogue)
        where TRows : ICount
        where TCols : ICount
    {
        TVec c00 = TOps.Zero, c01 = TOps.Zero;
        TVec c10 = TOps.Zero, c11 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero;
        TVec c40 = TOps.Zero, c41 = TOps.Zero;
        TVec c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero;
        TVec c70 = TOps.Zero, c71 = TOps.Zero;
        nint o1 = 1 * aRow;
        nint o2 = 2 * aRow;
        nint o3 = 3 * aRow;
        nint o4 = 4 * aRow;
        nint o5 = 5 * aRow;
        nint o6 = 6 * aRow;
        nint o7 = 7 * aRow;
        nint width = TOps.Count;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b);
            TVec b1 = TCols.Value > 1 ? TOps.Load(b + width) : TOps.Zero;
            TVec x;
            x = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(x, b0, c00);
            if (TCols.Value > 1) { c01 = TOps.MultiplyAdd(x, b1, c01); }
            if (TRows.Value > 1)
            {
                x = TOps.Broadcast(a[o1]);
                c10 = TOps.MultiplyAdd(x, b0, c10);
                if (TCols.Value > 1) { c11 = TOps.MultiplyAdd(x, b1, c11); }
            }
            if (TRows.Value > 2)
            {
                x = TOps.Broadcast(a[o2]);
                c20 = TOps.MultiplyAdd(x, b0, c20);
                if (TCols.Value > 1) { c21 = TOps.MultiplyAdd(x, b1, c21); }
            }
            if (TRows.Value > 3)
            {
                x = TOps.Broadcast(a[o3]);
                c30 = TOps.MultiplyAdd(x, b0, c30);
                if (TCols.Value > 1) { c31 = TOps.MultiplyAdd(x, b1, c31); }
            }
            if (TRows.Value > 4)
            {
                x = TOps.Broadcast(a[o4]);
                c40 = TOps.MultiplyAdd(x, b0, c40);
                if (TCols.Value > 1) { c41 = TOps.MultiplyAdd(x, b1, c41); }
            }
            if (TRows.Value > 5)
            {
                x = TOps.Broadcast(a[o5]);
                c50 = TOps.MultiplyAdd(x, b0, c50);
                if (TCols.Value > 1) { c51 = TOps.MultiplyAdd(x, b1, c51); }
            }
            if (TRows.Value > 6)
            {
                x = TOps.Broadcast(a[o6]);
                c60 = TOps.MultiplyAdd(x, b0, c60);
                if (TCols.Value > 1) { c61 = TOps.MultiplyAdd(x, b1, c61); }
            }
            if (TRows.Value > 7)
            {
                x = TOps.Broadcast(a[o7]);
                c70 = TOps.MultiplyAdd(x, b0, c70);
                if (TCols.Value > 1) { c71 = TOps.MultiplyAdd(x, b1, c71); }
            }
            a += aCol;
            b += ldb;
        }

        Store<TCols>(c, c00, c01, accumulate, skip, epilogue);
        if (TRows.Value > 1) { Store<TCols>(c + 1 * ldc, c10, c11, accumulate, skip, epilogue); }
        if (TRows.Value > 2) { Store<TCols>(c + 2 * ldc, c20, c21, accumulate, skip, epilogue); }
        if (TRows.Value > 3) { Store<TCols>(c + 3 * ldc, c30, c31, accumulate, skip, epilogue); }
        if (TRows.Value > 4) { Store<TCols>(c + 4 * ldc, c40, c41, accumulate, skip, epilogue); }
        if (TRows.Value > 5) { Store<TCols>(c + 5 * ldc, c50, c51, accumulate, skip, epilogue); }
        if (TRows.Value > 6) { Store<TCols>(c + 6 * ldc, c60, c61, accumulate, skip, epilogue); }
        if (TRows.Value > 7) { Store<TCols>(c + 7 * ldc, c70, c71, accumulate, skip, epilogue); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TCols>(T* c, TVec low, TVec high, bool accumulate, int skip, Epilogue<T> epilogue)
        where TCols : ICount
    {
        int width = TOps.Count;
        if (accumulate)
        {
            low = TOps.Add(TOps.Load(c), low);
        }
        low = epilogue.Apply<TOps, TVec>(low, 0);
        if (skip > 0)
        {
            low = TOps.Select(TOps.LanesFrom(skip), low, TOps.Load(c));
        }
        TOps.Store(low, c);
        if (TCols.Value > 1)
        {
            if (accumulate)
            {
                high = TOps.Add(TOps.Load(c + width), high);
            }
            high = epilogue.Apply<TOps, TVec>(high, width);
            if (skip > width)
            {
                high = TOps.Select(TOps.LanesFrom(skip - width), high, TOps.Load(c + width));
            }
            TOps.Store(high, c + width);
        }
    }
}
