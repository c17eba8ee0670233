using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// GEMM without packing, for the small shapes of meta-learning where copying operands would cost
/// as much as the arithmetic: the micro-kernel reads A through its strides and B in place.
/// </summary>
internal static unsafe class GemmDirect<TOps, TVec, T>
    where TOps : ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// C (+)= A·B with C dense m×n, A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·ldb + j].
    /// Needs n ≥ one vector. <paramref name="epilogue"/> is applied to C as it is stored.
    /// </summary>
    public static void Multiply(T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, int m, int k, int n, bool accumulate, Epilogue<T> epilogue)
    {
        int width = TOps.Count;
        nint aGroup = MicroKernel<TOps, TVec, T>.MaxRows * aRow;
        int j = 0;
        for (; j + 2 * width <= n; j += 2 * width)
        {
            BlockRows<TOps, TVec, T>.Strip<Two>(a, aRow, aCol, aGroup, b + j, ldb, c + j, n, m, k, accumulate, 0, epilogue.At(j));
        }
        int rest = n - j;
        if (rest > width && n >= 2 * width)
        {
            int start = n - 2 * width;
            BlockRows<TOps, TVec, T>.Strip<Two>(a, aRow, aCol, aGroup, b + start, ldb, c + start, n, m, k, accumulate, j - start, epilogue.At(start));
            return;
        }
        if (rest >= width)
        {
            BlockRows<TOps, TVec, T>.Strip<One>(a, aRow, aCol, aGroup, b + j, ldb, c + j, n, m, k, accumulate, 0, epilogue.At(j));
            j += width;
        }
        if (j < n)
        {
            int start = n - width;
            BlockRows<TOps, TVec, T>.Strip<One>(a, aRow, aCol, aGroup, b + start, ldb, c + start, n, m, k, accumulate, j - start, epilogue.At(start));
        }
    }
}
