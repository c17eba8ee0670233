namespace MetaDsl;

/// <summary>
/// Per-thread scratch memory for one learner's generated programs: sized on first use and grown
/// only when a larger batch arrives, so warm calls allocate nothing and threads never share it.
/// </summary>
/// <typeparam name="TOwner">The learner; each gets its own buffers.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public static class Workspace<TOwner, T> where T : unmanaged
{
    [ThreadStatic] private static T[]? s_buffer;

    /// <summary>A span of at least <paramref name="length"/> values; its contents are unspecified.</summary>
    public static Span<T> Get(int length)
    {
        var buffer = s_buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(Math.Max(length, (buffer?.Length ?? 0) * 3 / 2), pinned: false);
            s_buffer = buffer;
        }
        return buffer.AsSpan(0, length);
    }
}
