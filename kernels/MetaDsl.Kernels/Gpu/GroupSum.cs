using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu;

/// <summary>A sum over all threads of a one-dimensional group, by warp shuffles and one shared slot per warp.</summary>
internal static class GroupSum
{
    // A group holds at most 1,024 threads on every backend we target, so 32 warps of 32 at most.
    private const int MaxWarps = 32;

    /// <summary>
    /// Returns the sum of every thread's <paramref name="value"/> to every thread. All threads of the
    /// group must call it; it ends with a barrier so a following call may reuse the shared slots.
    /// </summary>
    public static T Of<T>(T value) where T : unmanaged, INumber<T>
    {
        var partial = SharedMemory.Allocate<T>(MaxWarps);
        value = WarpSum(value);
        int lane = Warp.LaneIdx, warp = Warp.WarpIdx;
        if (lane == 0) partial[warp] = value;
        Group.Barrier();
        if (warp == 0)
        {
            int warps = (Group.DimX + Warp.WarpSize - 1) / Warp.WarpSize;
            value = WarpSum(lane < warps ? partial[lane] : T.Zero);
            if (lane == 0) partial[0] = value;
        }
        Group.Barrier();
        T total = partial[0];
        Group.Barrier();
        return total;
    }

    private static T WarpSum<T>(T value) where T : unmanaged, INumber<T>
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset >>= 1)
            value += Warp.ShuffleDown(value, offset);
        return value;
    }
}
