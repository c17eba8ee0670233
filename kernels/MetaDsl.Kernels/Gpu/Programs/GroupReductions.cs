using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// Reductions and their adjoints for generated programs. Every method is called by all threads of
/// a one-dimensional group, which stride over the output; inputs must be complete (the program puts
/// a group barrier after each op), and no method ends with one.
/// </summary>
public static class GroupReductions
{
    /// <summary>dst[0] = Σ src.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Sum<T>(ArrayView<T> src, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        T partial = T.Zero;
        for (int i = Group.IdxX; i < (int)src.Length; i += Group.DimX) partial += src[i];
        T total = GroupSum.Of(partial);
        if (Group.IdxX == 0) dst[0] = total;
    }

    /// <summary>src viewed as [outer, mid, inner] summed over mid into dst [outer, inner].</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SumAxis<T>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner) where T : unmanaged, INumber<T>
    {
        for (int index = Group.IdxX; index < outer * inner; index += Group.DimX)
        {
            int o = index / inner, j = index - o * inner;
            T sum = T.Zero;
            for (int m = 0; m < mid; m++) sum += src[(o * mid + m) * inner + j];
            dst[index] = sum;
        }
    }

    /// <summary>src [outer, inner] repeated along a new middle axis into dst [outer, mid, inner].</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ExpandAxis<T>(ArrayView<T> src, ArrayView<T> dst, int outer, int mid, int inner) where T : unmanaged, INumber<T>
    {
        for (int index = Group.IdxX; index < outer * mid * inner; index += Group.DimX)
        {
            int o = index / (mid * inner), j = index % inner;
            dst[index] = src[o * inner + j];
        }
    }

    /// <summary>
    /// Sums the leading dims of src away into dst, a trailing part of its shape: dst[j] = Σ_r src[r · |dst| + j].
    /// A scalar target is a whole-group reduction, so that it does not run on one thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SumTo<T>(ArrayView<T> src, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        int size = (int)dst.Length, rows = (int)src.Length / size;
        if (size == 1)
        {
            Sum(src, dst);
            return;
        }
        for (int j = Group.IdxX; j < size; j += Group.DimX)
        {
            T sum = T.Zero;
            for (int r = 0; r < rows; r++) sum += src[r * size + j];
            dst[j] = sum;
        }
    }

    /// <summary>Repeats src, a trailing part of dst's shape (or a scalar), to fill dst.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void BroadcastTo<T>(ArrayView<T> src, ArrayView<T> dst) where T : unmanaged, INumber<T>
    {
        int size = (int)src.Length;
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX) dst[i] = src[i % size];
    }
}
