using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>Slices along one axis and their adjoints for generated programs, with the CPU kernels' layout (<c>Cpu/Slicing.cs</c>); all threads of a group stride over dst.</summary>
public static class GroupSlicing
{
    /// <summary>dst [outer, length, inner] = src [outer, mid, inner] at middle positions start … start + length − 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Slice<T>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner, int start, int length) where T : unmanaged, INumber<T>
    {
        int run = length * inner;
        for (int i = Group.IdxX; i < outer * run; i += Group.DimX)
        {
            int o = i / run, rest = i - o * run;
            dst[i] = src[(o * mid + start) * inner + rest];
        }
    }

    /// <summary>dst [outer, mid, inner] zero except src [outer, length, inner] at middle positions start … start + length − 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Pad<T>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner, int start, int length) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < outer * mid * inner; i += Group.DimX)
        {
            int o = i / (mid * inner), m = i / inner % mid, j = i % inner;
            dst[i] = m >= start && m < start + length ? src[(o * length + m - start) * inner + j] : T.Zero;
        }
    }
}
