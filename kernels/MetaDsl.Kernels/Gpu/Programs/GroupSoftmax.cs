using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// Softmax and log-softmax over the middle axis of src viewed as [outer, mid, inner], for generated
/// programs: each thread owns whole (outer, inner) lines, so a line needs no cross-thread reduction.
/// Called by all threads of a group; the input must be complete. Both subtract the line's maximum
/// first, as the CPU kernels do, so large logits do not overflow.
/// </summary>
public static class GroupSoftmax
{
    /// <summary>dst = exp(x − max) / Σ exp(x − max) along mid.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Forward<T, TMath>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner)
        where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int line = Group.IdxX; line < outer * inner; line += Group.DimX)
        {
            int start = line / inner * mid * inner + line % inner;
            T max = Max(src, start, mid, inner);
            T sum = T.Zero;
            for (int m = 0; m < mid; m++)
            {
                T e = TMath.Exp(src[start + m * inner] - max);
                dst[start + m * inner] = e;
                sum += e;
            }
            for (int m = 0; m < mid; m++) dst[start + m * inner] /= sum;
        }
    }

    /// <summary>dst = x − max − log Σ exp(x − max) along mid.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LogForward<T, TMath>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner)
        where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        for (int line = Group.IdxX; line < outer * inner; line += Group.DimX)
        {
            int start = line / inner * mid * inner + line % inner;
            T max = Max(src, start, mid, inner);
            T sum = T.Zero;
            for (int m = 0; m < mid; m++) sum += TMath.Exp(src[start + m * inner] - max);
            T logSumExp = max + TMath.Log(sum);
            for (int m = 0; m < mid; m++) dst[start + m * inner] = src[start + m * inner] - logSumExp;
        }
    }

    private static T Max<T>(ArrayView<T> src, int start, int mid, int inner) where T : unmanaged, INumber<T>
    {
        T max = src[start];
        for (int m = 1; m < mid; m++)
        {
            T x = src[start + m * inner];
            if (x > max) max = x;
        }
        return max;
    }
}
