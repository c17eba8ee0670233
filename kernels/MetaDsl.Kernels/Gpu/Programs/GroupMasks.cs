using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>Masks for generated programs, with the CPU kernels' layout (<c>Cpu/Masks.cs</c>); called by all threads of a group, which stride over dst.</summary>
public static class GroupMasks
{
    /// <summary>src viewed as [batch, t, t] with every entry whose column exceeds its row replaced by <paramref name="fill"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CausalMask<T>(ArrayView<T> src, ArrayView<T> dst, int t, T fill) where T : unmanaged, INumber<T>
    {
        for (int i = Group.IdxX; i < (int)dst.Length; i += Group.DimX)
        {
            int within = i % (t * t);
            dst[i] = within % t > within / t ? fill : src[i];
        }
    }
}
