using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// The sliding-window ops of convolution and pooling for generated programs, with the CPU kernels'
/// layouts (<c>Cpu/Conv.cs</c>, <c>Cpu/Pooling.cs</c>). Called by all threads of a group; each thread
/// owns whole output elements, so no two threads write one place: Col2Im gathers what each image
/// pixel receives instead of scattering, and MaxScatter writes each line's one nonzero after its
/// own thread cleared the line.
/// </summary>
public static class GroupWindows
{
    /// <summary>src [n·c, h, w] to columns [n·c, kh·kw, h'·w'], zero where a window reaches into the padding.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Im2Col<T>(ArrayView<T> src, ArrayView<T> dst, int n, int c, int h, int w, int kh, int kw, int stride, int padding)
        where T : unmanaged, INumber<T>
    {
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        int pixels = oh * ow, perPlane = kh * kw * pixels, total = n * c * perPlane;
        for (int e = Group.IdxX; e < total; e += Group.DimX)
        {
            int plane = e / perPlane, rest = e % perPlane;
            int window = rest / pixels, pixel = rest % pixels;
            int y = pixel / ow * stride - padding + window / kw;
            int x = pixel % ow * stride - padding + window % kw;
            dst[e] = y >= 0 && y < h && x >= 0 && x < w ? src[plane * h * w + y * w + x] : T.Zero;
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col{T}"/>: each image pixel of dst [n·c, h, w] is the sum of the column entries read from it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Col2Im<T>(ArrayView<T> src, ArrayView<T> dst, int n, int c, int h, int w, int kh, int kw, int stride, int padding)
        where T : unmanaged, INumber<T>
    {
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        int pixels = oh * ow, total = n * c * h * w;
        for (int e = Group.IdxX; e < total; e += Group.DimX)
        {
            int plane = e / (h * w), y = e % (h * w) / w, x = e % w;
            T sum = T.Zero;
            for (int u = 0; u < kh; u++)
            {
                int ry = y + padding - u;
                if (ry < 0 || ry % stride != 0 || ry / stride >= oh) continue;
                for (int v = 0; v < kw; v++)
                {
                    int rx = x + padding - v;
                    if (rx < 0 || rx % stride != 0 || rx / stride >= ow) continue;
                    sum += src[(plane * kh * kw + u * kw + v) * pixels + ry / stride * ow + rx / stride];
                }
            }
            dst[e] = sum;
        }
    }

    /// <summary>dst[o·inner + i] = values at the first largest selector entry along mid, as the CPU's <c>Pooling.MaxGather</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MaxGather<T>(ArrayView<T> selector, ArrayView<T> values, ArrayView<T> dst, int outer, int mid, int inner)
        where T : unmanaged, INumber<T>
    {
        for (int line = Group.IdxX; line < outer * inner; line += Group.DimX)
        {
            int start = line / inner * mid * inner + line % inner;
            dst[line] = values[start + ArgMax(selector, start, mid, inner) * inner];
        }
    }

    /// <summary>dst = 0 but for values[o·inner + i] at each line's argmax, as the CPU's <c>Pooling.MaxScatter</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MaxScatter<T>(ArrayView<T> selector, ArrayView<T> values, ArrayView<T> dst, int outer, int mid, int inner)
        where T : unmanaged, INumber<T>
    {
        for (int line = Group.IdxX; line < outer * inner; line += Group.DimX)
        {
            int start = line / inner * mid * inner + line % inner;
            for (int m = 0; m < mid; m++) dst[start + m * inner] = T.Zero;
            dst[start + ArgMax(selector, start, mid, inner) * inner] = values[line];
        }
    }

    /// <summary>The first position of the largest entry of one line, as the CPU kernels break ties.</summary>
    private static int ArgMax<T>(ArrayView<T> selector, int start, int mid, int inner) where T : unmanaged, INumber<T>
    {
        int best = 0;
        T max = selector[start];
        for (int m = 1; m < mid; m++)
        {
            T value = selector[start + m * inner];
            if (value > max)
            {
                max = value;
                best = m;
            }
        }
        return best;
    }
}
