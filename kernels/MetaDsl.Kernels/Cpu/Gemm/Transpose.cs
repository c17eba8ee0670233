using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MetaDsl.Kernels;

/// <summary>
/// Dense matrix transpose in square register blocks (8×8 for 32-bit values, 4×4 for 64-bit), so
/// that GEMM can give its micro-kernel contiguous columns of a B stored transposed at little
/// more than the cost of a copy. Values are only moved, never computed on, so the blocks work
/// on the bits of any 4- or 8-byte type.
/// </summary>
internal static unsafe class Transpose
{
    /// <summary>dst (cols×rows, row-major) = src (rows×cols, row-major)ᵀ.</summary>
    public static void Matrix<T>(T* src, T* dst, int rows, int cols) where T : unmanaged
        => Strided(src, cols, dst, rows, rows, cols);

    /// <summary>
    /// dst = srcᵀ where src is rows×cols with rows <paramref name="ld"/> apart and dst is cols×rows with rows
    /// <paramref name="ldDst"/> apart: a block of a larger matrix into a block of another.
    /// </summary>
    public static void Strided<T>(T* src, nint ld, T* dst, nint ldDst, int rows, int cols) where T : unmanaged
    {
        int fullRows = 0, fullCols = 0;
        if (Avx.IsSupported && sizeof(T) == 4)
        {
            fullRows = rows & ~7;
            fullCols = cols & ~7;
            for (int i = 0; i < fullRows; i += 8)
            {
                for (int j = 0; j < fullCols; j += 8)
                {
                    Block8x8((float*)src + i * ld + j, ld, (float*)dst + j * ldDst + i, ldDst);
                }
            }
        }
        else if (Avx.IsSupported && sizeof(T) == 8)
        {
            fullRows = rows & ~3;
            fullCols = cols & ~3;
            for (int i = 0; i < fullRows; i += 4)
            {
                for (int j = 0; j < fullCols; j += 4)
                {
                    Block4x4((double*)src + i * ld + j, ld, (double*)dst + j * ldDst + i, ldDst);
                }
            }
        }
        // The columns right of the blocks, then the rows below them.
        Scalar(src, ld, dst, ldDst, 0, fullRows, fullCols, cols);
        Scalar(src, ld, dst, ldDst, fullRows, rows, 0, cols);
    }

    private static void Scalar<T>(T* src, nint ld, T* dst, nint ldDst, int rowStart, int rowEnd, int colStart, int colEnd) where T : unmanaged
    {
        // Sequential writes, strided reads: a strided store costs more than a strided load.
        for (int j = colStart; j < colEnd; j++)
        {
            T* to = dst + j * ldDst;
            for (int i = rowStart; i < rowEnd; i++)
            {
                to[i] = src[i * ld + j];
            }
        }
    }

    /// <summary>
    /// One 8×8 block. Each register is loaded as two 128-bit halves, rows r and r + 4, so the usual
    /// third (cross-lane) shuffle stage is done by the loads: 16 in-lane shuffles per 64 values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8x8(float* src, nint ld, float* dst, nint ldDst)
    {
        for (int half = 0; half < 8; half += 4)
        {
            float* s = src + half;
            var r0 = Pair(s, s + 4 * ld);
            var r1 = Pair(s + ld, s + 5 * ld);
            var r2 = Pair(s + 2 * ld, s + 6 * ld);
            var r3 = Pair(s + 3 * ld, s + 7 * ld);
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            float* d = dst + half * ldDst;
            Avx.Shuffle(t0, t2, 0x44).Store(d);
            Avx.Shuffle(t0, t2, 0xEE).Store(d + ldDst);
            Avx.Shuffle(t1, t3, 0x44).Store(d + 2 * ldDst);
            Avx.Shuffle(t1, t3, 0xEE).Store(d + 3 * ldDst);
        }
    }

    /// <summary>One 4×4 block of 64-bit values, loaded as halves of rows r and r + 2 like <see cref="Block8x8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4x4(double* src, nint ld, double* dst, nint ldDst)
    {
        var r0 = Pair(src, src + 2 * ld);
        var r1 = Pair(src + ld, src + 3 * ld);
        var r2 = Pair(src + 2, src + 2 + 2 * ld);
        var r3 = Pair(src + 2 + ld, src + 2 + 3 * ld);
        Avx.UnpackLow(r0, r1).Store(dst);
        Avx.UnpackHigh(r0, r1).Store(dst + ldDst);
        Avx.UnpackLow(r2, r3).Store(dst + 2 * ldDst);
        Avx.UnpackHigh(r2, r3).Store(dst + 3 * ldDst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<TValue> Pair<TValue>(TValue* low, TValue* high) where TValue : unmanaged
        => Vector256.Create(Vector128.Load(low), Vector128.Load(high));
}
