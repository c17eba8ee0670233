using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// Portable GEMM over any strides: the path for element types without SIMD support, for machines
/// without vector hardware, and for outputs narrower than one vector.
/// </summary>
internal static unsafe class GemmScalar<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>C (+)= A·B with C dense m×n, A(i, p) = a[i·ai + p·ap], B(p, j) = b[p·bp + j·bj].</summary>
    public static void Multiply(T* a, nint ai, nint ap, T* b, nint bp, nint bj, T* c, int m, int k, int n, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            T* row = a + i * ai;
            for (int j = 0; j < n; j++)
            {
                T* column = b + j * bj;
                // Four partial sums break the dependency chain of one running total.
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                int p = 0;
                for (; p + 4 <= k; p += 4)
                {
                    s0 = T.FusedMultiplyAdd(row[p * ap], column[p * bp], s0);
                    s1 = T.FusedMultiplyAdd(row[(p + 1) * ap], column[(p + 1) * bp], s1);
                    s2 = T.FusedMultiplyAdd(row[(p + 2) * ap], column[(p + 2) * bp], s2);
                    s3 = T.FusedMultiplyAdd(row[(p + 3) * ap], column[(p + 3) * bp], s3);
                }
                for (; p < k; p++)
                {
                    s0 = T.FusedMultiplyAdd(row[p * ap], column[p * bp], s0);
                }
                T sum = (s0 + s1) + (s2 + s3);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
