using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>Masks over the last two axes of a stack of square matrices.</summary>
public static class Masks
{
    /// <summary>
    /// src viewed as [batch, t, t]: dst is src with every entry above the diagonal (column &gt; row)
    /// replaced by <paramref name="fill"/>. <paramref name="dst"/> may alias <paramref name="src"/>.
    /// </summary>
    public static void CausalMask<T>(ReadOnlySpan<T> src, Span<T> dst, int t, T fill) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        long square = (long)t * t;
        if (src.Length != dst.Length || (square == 0 ? src.Length != 0 : src.Length % square != 0))
            throw new ArgumentException($"Lengths {src.Length} and {dst.Length} are not a stack of {t}x{t} matrices.", nameof(dst));
        for (int start = 0; start < src.Length; start += t * t)
            for (int row = 0; row < t; row++)
            {
                int at = start + row * t;
                src.Slice(at, row + 1).CopyTo(dst.Slice(at, row + 1));
                dst.Slice(at + row + 1, t - row - 1).Fill(fill);
            }
    }
}
