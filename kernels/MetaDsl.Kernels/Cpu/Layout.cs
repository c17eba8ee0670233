using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MetaDsl.Kernels;

/// <summary>Data movement between layouts.</summary>
public static class Layout
{
    private const int MaxRank = 4;
    private const int Tile = 16;

    /// <summary>
    /// <see cref="Transpose{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> of a rank-4 tensor given
    /// by its dims and permutation as scalars (a lower rank padded with leading unit axes that stay in place): what
    /// generated code calls, since a span of constants built at a call site allocates under unoptimized (Debug) code.
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, Span<T> dst, int d0, int d1, int d2, int d3, int p0, int p1, int p2, int p3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<int> shape = stackalloc int[MaxRank];
        Span<int> perm = stackalloc int[MaxRank];
        (shape[0], shape[1], shape[2], shape[3]) = (d0, d1, d2, d3);
        (perm[0], perm[1], perm[2], perm[3]) = (p0, p1, p2, p3);
        Transpose(src, dst, shape, perm);
    }

    /// <summary>
    /// Permutes the axes of a row-major tensor: dst has dims shape[perm[0]], shape[perm[1]], ...
    /// and dst[i0, i1, ...] = src at the index whose axis perm[d] is i_d. Rank is at most 4.
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, Span<T> dst, ReadOnlySpan<int> shape, ReadOnlySpan<int> perm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = shape.Length;
        if (rank > MaxRank || perm.Length != rank)
        {
            throw new ArgumentException($"Rank {rank} with a permutation of length {perm.Length}; rank must be at most {MaxRank} and match.", nameof(perm));
        }

        // Pad to rank 4 with leading unit axes, so one loop nest serves every rank.
        Span<int> dims = stackalloc int[MaxRank];
        Span<int> order = stackalloc int[MaxRank];
        int pad = MaxRank - rank;
        long length = 1;
        int seen = 0;
        for (int d = 0; d < MaxRank; d++)
        {
            dims[d] = d < pad ? 1 : shape[d - pad];
            order[d] = d < pad ? d : perm[d - pad] + pad;
            if (order[d] < 0 || order[d] >= MaxRank || (seen & (1 << order[d])) != 0 || d >= pad && perm[d - pad] >= rank)
            {
                throw new ArgumentException("Not a permutation of the axes.", nameof(perm));
            }
            seen |= 1 << order[d];
            ArgumentOutOfRangeException.ThrowIfNegative(dims[d], nameof(shape));
            length *= dims[d];
        }
        if (src.Length != length || dst.Length != length)
        {
            throw new ArgumentException($"Shape needs {length} values; source has {src.Length}, destination {dst.Length}.");
        }
        if (length == 0)
        {
            return;
        }

        if (order[0] == 0 && order[1] == 1 && order[2] == 3 && order[3] == 2)
        {
            TransposeLastTwo(src, dst, dims[0] * dims[1], dims[2], dims[3]);
            return;
        }

        Span<int> srcStride = stackalloc int[MaxRank];
        srcStride[3] = 1;
        for (int d = 2; d >= 0; d--)
        {
            srcStride[d] = srcStride[d + 1] * dims[d + 1];
        }
        int n0 = dims[order[0]], n1 = dims[order[1]], n2 = dims[order[2]], n3 = dims[order[3]];
        int s0 = srcStride[order[0]], s1 = srcStride[order[1]], s2 = srcStride[order[2]], s3 = srcStride[order[3]];

        ref T x = ref MemoryMarshal.GetReference(src);
        ref T y = ref MemoryMarshal.GetReference(dst);
        nint target = 0;
        for (int i0 = 0; i0 < n0; i0++)
        {
            for (int i1 = 0; i1 < n1; i1++)
            {
                for (int i2 = 0; i2 < n2; i2++)
                {
                    nint source = (nint)i0 * s0 + (nint)i1 * s1 + (nint)i2 * s2;
                    if (s3 == 1)
                    {
                        // The last axis stays last: whole rows move at once.
                        src.Slice((int)source, n3).CopyTo(dst.Slice((int)target, n3));
                    }
                    else
                    {
                        for (int i3 = 0; i3 < n3; i3++)
                        {
                            Unsafe.Add(ref y, target + i3) = Unsafe.Add(ref x, source + (nint)i3 * s3);
                        }
                    }
                    target += n3;
                }
            }
        }
    }

    /// <summary>dst[b] = src[b]ᵀ for each of <paramref name="batch"/> rows×cols matrices, in cache-sized tiles.</summary>
    private static void TransposeLastTwo<T>(ReadOnlySpan<T> src, Span<T> dst, int batch, int rows, int cols)
    {
        ref T x = ref MemoryMarshal.GetReference(src);
        ref T y = ref MemoryMarshal.GetReference(dst);
        nint size = (nint)rows * cols;
        for (int b = 0; b < batch; b++)
        {
            ref T from = ref Unsafe.Add(ref x, b * size);
            ref T to = ref Unsafe.Add(ref y, b * size);
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int r1 = Math.Min(rows, r0 + Tile);
                for (int c0 = 0; c0 < cols; c0 += Tile)
                {
                    int c1 = Math.Min(cols, c0 + Tile);
                    for (int r = r0; r < r1; r++)
                    {
                        for (int c = c0; c < c1; c++)
                        {
                            Unsafe.Add(ref to, (nint)c * rows + r) = Unsafe.Add(ref from, (nint)r * cols + c);
                        }
                    }
                }
            }
        }
    }
}
