using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// Runs the micro-kernel down a column strip of C: full blocks of <see cref="MicroKernel{TOps, TVec, T}.MaxRows"/>
/// rows, then one block specialised for the rows left over.
/// </summary>
internal static unsafe class BlockRows<TOps, TVec, T>
    where TOps : ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// One strip of <typeparamref name="TCols"/> vectors of columns over all m rows.
    /// <paramref name="aGroup"/> steps A from one block of rows to the next (differs from
    /// MaxRows·aRow when A is packed).
    /// </summary>
    public static void Strip<TCols>(T* a, nint aRow, nint aCol, nint aGroup, T* b, nint ldb, T* c, nint ldc, int m, int k, bool accumulate, int skip, Epilogue<T> epilogue)
        where TCols : ICount
    {
        const int rows = MicroKernel<TOps, TVec, T>.MaxRows;
        int i = 0;
        for (; i + rows <= m; i += rows)
        {
            MicroKernel<TOps, TVec, T>.Block<Eight, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue);
            a += aGroup;
            c += rows * ldc;
        }
        switch (m - i)
        {
            case 1: MicroKernel<TOps, TVec, T>.Block<One, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 2: MicroKernel<TOps, TVec, T>.Block<Two, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 3: MicroKernel<TOps, TVec, T>.Block<Three, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 4: MicroKernel<TOps, TVec, T>.Block<Four, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 5: MicroKernel<TOps, TVec, T>.Block<Five, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 6: MicroKernel<TOps, TVec, T>.Block<Six, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
            case 7: MicroKernel<TOps, TVec, T>.Block<Seven, TCols>(a, aRow, aCol, b, ldb, c, ldc, k, accumulate, skip, epilogue); break;
        }
    }
}
