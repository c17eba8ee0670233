namespace MetaDsl.Kernels;

/// <summary>
/// Grows a per-thread scratch array on demand, so kernels that need temporary memory allocate
/// only on their first call at a given size and never once warm.
/// </summary>
internal static class ThreadBuffer
{
    /// <summary>Returns <paramref name="slot"/>, replaced by a larger array when it holds fewer than <paramref name="length"/> values.</summary>
    public static T[] Rent<T>(ref T[]? slot, int length)
    {
        var buffer = slot;
        if (buffer is null || buffer.Length < length)
        {
            // Round up so that a slowly growing size does not reallocate on every call.
            buffer = GC.AllocateUninitializedArray<T>((int)Math.Min(Array.MaxLength, Math.Max(64L, 2L * length)), pinned: true);
            slot = buffer;
        }
        return buffer;
    }
}
