using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// Slices along one axis and their adjoints. A tensor is viewed as [outer, mid, inner] around the
/// axis, so the kept part of each outer block is one contiguous run.
/// </summary>
public static class Slicing
{
    /// <summary>dst [outer, length, inner] = src [outer, mid, inner] at positions start … start + length − 1 of the middle axis.</summary>
    public static void Slice<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner, int start, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(src.Length, dst.Length, outer, mid, inner, start, length);
        int run = length * inner;
        for (int o = 0; o < outer; o++) src.Slice((o * mid + start) * inner, run).CopyTo(dst.Slice(o * run, run));
    }

    /// <summary>The adjoint of <see cref="Slice{T}"/>: dst [outer, mid, inner] is zero except src [outer, length, inner] at positions start … start + length − 1.</summary>
    public static void Pad<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int mid, int inner, int start, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dst.Length, src.Length, outer, mid, inner, start, length);
        dst.Clear();
        int run = length * inner;
        for (int o = 0; o < outer; o++) src.Slice(o * run, run).CopyTo(dst.Slice((o * mid + start) * inner, run));
    }

    private static void Check(int fullLength, int slicedLength, int outer, int mid, int inner, int start, int length)
    {
        if (outer < 0 || inner < 0 || start < 0 || length < 0 || start + length > mid
            || (long)outer * mid * inner != fullLength || (long)outer * length * inner != slicedLength)
            throw new ArgumentException($"Positions {start} to {start + length} of [{outer}, {mid}, {inner}] do not match lengths {fullLength} (full) and {slicedLength} (sliced).");
    }
}
