using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MetaDsl.Kernels;

/// <summary>Batched matrix multiplication.</summary>
public static unsafe class Gemm
{
    /// <summary>Above this many multiply-adds a matrix is packed for the caches.</summary>
    private const long PackedWork = 1L << 20;

    /// <summary>Above this many multiply-adds (4M flops) the rows are split over cores.</summary>
    private const long ParallelWork = 1L << 21;

    /// <summary>
    /// A B of at most this many values (16 KB of float) stays in L1 as it is, so the direct kernel beats
    /// packing A for it however many rows A has: a 1,761×32 by 32×32 product runs ~3× faster direct.
    /// </summary>
    private const long SmallPanel = 64 * 64;

    /// <summary>
    /// For each b in [0, batch): C_b = op(A_b)·op(B_b), or C_b += op(A_b)·op(B_b) when
    /// <paramref name="accumulate"/>. C_b is dense m×n at c[b·m·n].
    /// </summary>
    /// <param name="a">A_b starts at a[b·strideA]; stored m×k row-major, or k×m when <paramref name="transA"/>.</param>
    /// <param name="b">B_b starts at b[b·strideB]; stored k×n row-major, or n×k when <paramref name="transB"/>.</param>
    /// <param name="c">The batch of dense m×n results.</param>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="transA">Whether A_b is stored transposed.</param>
    /// <param name="transB">Whether B_b is stored transposed.</param>
    /// <param name="strideA">Offset between consecutive A_b; 0 shares one A over the batch.</param>
    /// <param name="strideB">Offset between consecutive B_b; 0 shares one B over the batch.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void MatMul<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int batch, int m, int k, int n,
        bool transA, bool transB, int strideA, int strideB, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(a.Length, b.Length, c.Length, batch, m, k, n, strideA, strideB);
        Multiply(a, b, c, batch, m, k, n, transA, transB, strideA, strideB, accumulate, Epilogue<T>.None);
    }

    /// <summary>
    /// A linear layer in one pass: for each b in [0, batch), C_b = op(A_b)·op(B_b) + bias, <paramref name="bias"/>
    /// added to every row, then max(·, 0) when <paramref name="relu"/>. The values equal those of
    /// <see cref="MatMul{T}"/>, <see cref="ElementWise.Add{T}"/> and <see cref="ElementWise.Relu{T}"/> in turn.
    /// </summary>
    /// <param name="a">As for <see cref="MatMul{T}"/>.</param>
    /// <param name="b">As for <see cref="MatMul{T}"/>.</param>
    /// <param name="bias">n values, one per column of C.</param>
    /// <param name="c">The batch of dense m×n results.</param>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="transA">Whether A_b is stored transposed.</param>
    /// <param name="transB">Whether B_b is stored transposed.</param>
    /// <param name="strideA">Offset between consecutive A_b; 0 shares one A over the batch.</param>
    /// <param name="strideB">Offset between consecutive B_b; 0 shares one B over the batch.</param>
    /// <param name="relu">Clamp the results at zero.</param>
    public static void MatMulBias<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int batch, int m, int k, int n,
        bool transA, bool transB, int strideA, int strideB, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(a.Length, b.Length, c.Length, batch, m, k, n, strideA, strideB);
        Need(bias.Length, n, "bias");
        fixed (T* pbias = bias)
        {
            Multiply(a, b, c, batch, m, k, n, transA, transB, strideA, strideB, accumulate: false, new Epilogue<T>(pbias, relu));
        }
    }

    private static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int batch, int m, int k, int n,
        bool transA, bool transB, int strideA, int strideB, bool accumulate, Epilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch == 0 || m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(batch * m * n)].Clear();
            }
            fixed (T* pc = c)
            {
                epilogue.ApplyRows(pc, (long)batch * m, n);
            }
            return;
        }

        // Element (i, p) of op(A) is at i·ai + p·ap; element (p, j) of op(B) at p·bp + j·bj.
        nint ai = transA ? 1 : k, ap = transA ? m : 1;
        nint bp = transB ? 1 : n, bj = transB ? k : 1;
        if (n == 1 || k == 1)
        {
            // A single column or row of B is contiguous whichever way it is stored.
            bj = 1;
            bp = n;
        }

        fixed (T* pa = a, pb = b, pc = c)
        {
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                // A C narrower than a 512-bit vector but as wide as a 256-bit one (an in-context model's 11-wide tokens)
                // would fall to the scalar kernel at 512 bits; at 256 bits it runs on vector lanes.
                bool narrow = n < Vector512<T>.Count && n >= Vector256<T>.Count && Vector256.IsHardwareAccelerated;
                if (Vector512.IsHardwareAccelerated && !narrow)
                {
                    GemmVector<Simd512<T>, Vector512<T>, T>.Multiply(pa, ai, ap, strideA, pb, bp, bj, strideB, pc, batch, m, k, n, accumulate, epilogue);
                    return;
                }
                if (Vector256.IsHardwareAccelerated)
                {
                    GemmVector<Simd256<T>, Vector256<T>, T>.Multiply(pa, ai, ap, strideA, pb, bp, bj, strideB, pc, batch, m, k, n, accumulate, epilogue);
                    return;
                }
            }
            for (int item = 0; item < batch; item++)
            {
                GemmScalar<T>.Multiply(pa + (nint)item * strideA, ai, ap, pb + (nint)item * strideB, bp, bj,
                    pc + (nint)item * m * n, m, k, n, accumulate);
            }
            epilogue.ApplyRows(pc, (long)batch * m, n);
        }
    }

    /// <summary>Picks the vector path for one batch: matrix-vector, direct or packed.</summary>
    private static class GemmVector<TOps, TVec, T>
        where TOps : ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static T[]? transposedB;
        [ThreadStatic] private static T[]? columns;

        public static void Multiply(T* a, nint ai, nint ap, nint strideA, T* b, nint bp, nint bj, nint strideB, T* c,
            int batch, int m, int k, int n, bool accumulate, Epilogue<T> epilogue)
        {
            long work = (long)m * n * k;
            bool parallel = work >= ParallelWork && Environment.ProcessorCount > 1;
            bool packed = work >= PackedWork && n >= 2 * TOps.Count && ((long)k * n > SmallPanel || parallel);
            if (packed && batch > 1 && strideA == 0 && m <= GemmPacked<TOps, TVec, T>.RowBlock)
            {
                GemmPacked<TOps, TVec, T>.MultiplySharedA(a, ai, ap, b, bp, bj, strideB, c, batch, m, k, n, accumulate);
                epilogue.ApplyRows(c, (long)batch * m, n);
                return;
            }
            for (int item = 0; item < batch; item++)
            {
                T* ab = a + item * strideA;
                T* bb = b + item * strideB;
                T* cb = c + (nint)item * m * n;
                if (n == 1)
                {
                    MatrixVector(ab, ai, ap, bb, cb, m, k, accumulate, epilogue);
                    continue;
                }
                else if (n < TOps.Count && ap == 1 && k >= TOps.Count)
                {
                    ColumnDots(ab, ai, bb, bp, bj, cb, m, k, n, accumulate, epilogue);
                    continue;
                }
                else if (n < TOps.Count && ai == 1 && m >= TOps.Count)
                {
                    TransposedProduct(ab, ap, bb, bp, bj, cb, m, k, n, accumulate);
                }
                else if (n < TOps.Count)
                {
                    GemmScalar<T>.Multiply(ab, ai, ap, bb, bp, bj, cb, m, k, n, accumulate);
                }
                else if (packed)
                {
                    GemmPacked<TOps, TVec, T>.Multiply(ab, ai, ap, bb, bp, bj, cb, m, k, n, accumulate, parallel);
                }
                else if (bj == 1)
                {
                    GemmDirect<TOps, TVec, T>.Multiply(ab, ai, ap, bb, bp, cb, m, k, n, accumulate, epilogue);
                    continue;
                }
                else
                {
                    // The kernel needs B's columns contiguous: transpose it once, and only once
                    // for a whole batch that shares it.
                    var buffer = ThreadBuffer.Rent(ref transposedB, k * n);
                    fixed (T* bt = buffer)
                    {
                        if (item == 0 || strideB != 0)
                        {
                            Transpose.Matrix(bb, bt, n, k);
                        }
                        GemmDirect<TOps, TVec, T>.Multiply(ab, ai, ap, bt, n, cb, m, k, n, accumulate, epilogue);
                    }
                    continue;
                }
                // The other paths store C without the epilogue: it follows as its own pass over the rows.
                epilogue.ApplyRows(cb, m, n);
            }
        }

        /// <summary>
        /// C (+)= A·B for a B narrower than a vector and A's rows contiguous (an output layer of a few
        /// units): one matrix-vector product of row dots per column of B, through a column buffer.
        /// </summary>
        private static void ColumnDots(T* a, nint ai, T* b, nint bp, nint bj, T* c, int m, int k, int n, bool accumulate, Epilogue<T> epilogue)
        {
            var buffer = ThreadBuffer.Rent(ref columns, k);
            fixed (T* column = buffer)
            {
                for (int j = 0; j < n; j++)
                {
                    for (int p = 0; p < k; p++)
                    {
                        column[p] = b[p * bp + j * bj];
                    }
                    RowDots<TOps, TVec, T>.Multiply(a, ai, column, c + j, n, m, k, accumulate, epilogue.At(j));
                }
            }
        }

        /// <summary>
        /// C (+)= A·B for a B narrower than a vector and A stored transposed (a convolution's input gradient
        /// on a 3×3 image, Wᵀ·G): Cᵀ = Bᵀ·Aᵀ runs vectorised along A's contiguous stored rows into a buffer,
        /// then is transposed into C.
        /// </summary>
        private static void TransposedProduct(T* a, nint ap, T* b, nint bp, nint bj, T* c, int m, int k, int n, bool accumulate)
        {
            var buffer = ThreadBuffer.Rent(ref columns, m * n);
            fixed (T* transposed = buffer)
            {
                GemmDirect<TOps, TVec, T>.Multiply(b, bj, bp, a, ap, transposed, n, k, m, accumulate: false, Epilogue<T>.None);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        T value = transposed[(nint)j * m + i];
                        c[(nint)i * n + j] = accumulate ? c[(nint)i * n + j] + value : value;
                    }
                }
            }
        }

        /// <summary>
        /// c (+)= A·b for a contiguous vector b, through the epilogue: dot products when A's rows are contiguous, else
        /// (A stored transposed, ai = 1) cᵀ = bᵀ·Aᵀ as a one-row GEMM over A's contiguous stored rows.
        /// </summary>
        private static void MatrixVector(T* a, nint ai, nint ap, T* b, T* c, int m, int k, bool accumulate, Epilogue<T> epilogue)
        {
            if (ap == 1 && k >= TOps.Count)
            {
                RowDots<TOps, TVec, T>.Multiply(a, ai, b, c, 1, m, k, accumulate, epilogue);
                return;
            }
            if (ai == 1 && m >= TOps.Count)
            {
                GemmDirect<TOps, TVec, T>.Multiply(b, k, 1, a, ap, c, 1, k, m, accumulate, Epilogue<T>.None);
            }
            else
            {
                GemmScalar<T>.Multiply(a, ai, ap, b, 1, 1, c, m, k, 1, accumulate);
            }
            epilogue.ApplyRows(c, m, 1);
        }
    }

    private static void Check(int aLength, int bLength, int cLength, int batch, int m, int k, int n, int strideA, int strideB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(strideA);
        ArgumentOutOfRangeException.ThrowIfNegative(strideB);
        if (batch == 0)
        {
            return;
        }
        // The kernels use raw pointers, so a short span must be caught here rather than read past.
        Need(aLength, (long)(batch - 1) * strideA + (long)m * k, "a");
        Need(bLength, (long)(batch - 1) * strideB + (long)k * n, "b");
        Need(cLength, (long)batch * m * n, "c");
    }

    private static void Need(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Span '{name}' has {length} values; the product needs {needed}.", name);
        }
    }
}
