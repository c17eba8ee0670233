using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// Batched matrix products for generated programs, called by all threads of a group, which stride
/// over the output; the operands must be complete (the program puts a barrier after each op).
/// The arguments are those of the CPU's <c>Gemm.MatMul</c>, so both backends read one op the same way.
/// </summary>
public static class GroupGemm
{
    /// <summary>
    /// C_b = op(A_b) · op(B_b) for b below <paramref name="batch"/>, C dense [batch, m, n]; A_b starts at
    /// b · <paramref name="strideA"/> and is stored m×k (k×m when <paramref name="transA"/>), B_b at
    /// b · <paramref name="strideB"/>, stored k×n (n×k when <paramref name="transB"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MatMul<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, int batch, int m, int k, int n,
        bool transA, bool transB, int strideA, int strideB) where T : unmanaged, INumber<T>
    {
        int rowStepA = transA ? 1 : k, innerStepA = transA ? m : 1;
        int innerStepB = transB ? 1 : n, colStepB = transB ? k : 1;
        for (int index = Group.IdxX; index < batch * m * n; index += Group.DimX)
        {
            int product = index / (m * n), rest = index - product * m * n;
            int i = rest / n, j = rest - i * n;
            int atA = product * strideA + i * rowStepA, atB = product * strideB + j * colStepB;
            T sum = T.Zero;
            for (int p = 0; p < k; p++) sum += a[atA + p * innerStepA] * b[atB + p * innerStepB];
            c[index] = sum;
        }
    }
}
