using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MetaDsl.Kernels;

/// <summary>Data movement between layouts.</summary>
public static class Layout
{
    private const int MaxRank = 6;
    private const int Tile = 16;

    /// <summary>
    /// <see cref="Transpose{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> of a rank-6 tensor given
    /// by its dims and permutation as scalars (a lower rank padded with leading unit axes that stay in place): what
    /// generated code calls, since a span of constants built at a call site allocates under unoptimized (Debug) code.
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, Span<T> dst,
        int d0, int d1, int d2, int d3, int d4, int d5, int p0, int p1, int p2, int p3, int p4, int p5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<int> shape = stackalloc int[MaxRank];
        Span<int> perm = stackalloc int[MaxRank];
        (shape[0], shape[1], shape[2], shape[3], shape[4], shape[5]) = (d0, d1, d2, d3, d4, d5);
        (perm[0], perm[1], perm[2], perm[3], perm[4], perm[5]) = (p0, p1, p2, p3, p4, p5);
        Transpose(src, dst, shape, perm);
    }

    /// <summary>
    /// Permutes the axes of a row-major tensor: dst has dims shape[perm[0]], shape[perm[1]], ...
    /// and dst[i0, i1, ...] = src at the index whose axis perm[d] is i_d. Rank is at most 6.
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, Span<T> dst, ReadOnlySpan<int> shape, ReadOnlySpan<int> perm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = shape.Length;
        if (rank > MaxRank || perm.Length != rank)
        {
            throw new ArgumentException($"Rank {rank} with a permutation of length {perm.Length}; rank must be at most {MaxRank} and match.", nameof(perm));
        }
        long length = 1;
        int seen = 0;
        for (int d = 0; d < rank; d++)
        {
            if (perm[d] < 0 || perm[d] >= rank || (seen & (1 << perm[d])) != 0)
            {
                throw new ArgumentException("Not a permutation of the axes.", nameof(perm));
            }
            seen |= 1 << perm[d];
            ArgumentOutOfRangeException.ThrowIfNegative(shape[d], nameof(shape));
            length *= shape[d];
        }
        if (src.Length != length || dst.Length != length)
        {
            throw new ArgumentException($"Shape needs {length} values; source has {src.Length}, destination {dst.Length}.");
        }
        if (length == 0)
        {
            return;
        }

        Span<int> dims = stackalloc int[MaxRank];
        Span<int> order = stackalloc int[MaxRank];
        Canonicalize(shape, perm, dims, order);

        if (order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 3 && order[4] == 5 && order[5] == 4)
        {
            TransposeLastTwo(src, dst, dims[0] * dims[1] * dims[2] * dims[3], dims[4], dims[5]);
            return;
        }

        Span<int> srcStride = stackalloc int[MaxRank];
        srcStride[MaxRank - 1] = 1;
        for (int d = MaxRank - 2; d >= 0; d--)
        {
            srcStride[d] = srcStride[d + 1] * dims[d + 1];
        }
        int n0 = dims[order[0]], n1 = dims[order[1]], n2 = dims[order[2]], n3 = dims[order[3]], n4 = dims[order[4]], n5 = dims[order[5]];
        nint s0 = srcStride[order[0]], s1 = srcStride[order[1]], s2 = srcStride[order[2]], s3 = srcStride[order[3]], s4 = srcStride[order[4]];
        int s5 = srcStride[order[5]];

        ref T x = ref MemoryMarshal.GetReference(src);
        ref T y = ref MemoryMarshal.GetReference(dst);
        nint target = 0;
        for (int i0 = 0; i0 < n0; i0++)
        {
            for (int i1 = 0; i1 < n1; i1++)
            {
                for (int i2 = 0; i2 < n2; i2++)
                {
                    for (int i3 = 0; i3 < n3; i3++)
                    {
                        for (int i4 = 0; i4 < n4; i4++)
                        {
                            nint source = i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3 + i4 * s4;
                            if (s5 == 1)
                            {
                                // The last axis stays last: whole rows move at once.
                                src.Slice((int)source, n5).CopyTo(dst.Slice((int)target, n5));
                            }
                            else
                            {
                                for (int i5 = 0; i5 < n5; i5++)
                                {
                                    Unsafe.Add(ref y, target + i5) = Unsafe.Add(ref x, source + (nint)i5 * s5);
                                }
                            }
                            target += n5;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same permutation with unit axes dropped and axes that stay neighbours merged, padded to rank 6 with
    /// leading unit axes that stay in place: [b, t, h, d] to [b, h, t, d] keeps four axes, but [a, b, c] to
    /// [c, a, b] becomes the matrix transpose [a·b, c] to [c, a·b], which the tiled kernel moves fast.
    /// </summary>
    private static void Canonicalize(ReadOnlySpan<int> shape, ReadOnlySpan<int> perm, Span<int> dims, Span<int> order)
    {
        int rank = shape.Length;
        // Input axes with dims above 1, renumbered in input order.
        Span<int> kept = stackalloc int[MaxRank];
        int count = 0;
        for (int a = 0; a < rank; a++)
        {
            kept[a] = shape[a] > 1 ? count++ : -1;
        }
        // Output order over kept axes, then runs of consecutive input axes merged into groups.
        Span<int> groupStart = stackalloc int[MaxRank];
        Span<int> groupDim = stackalloc int[MaxRank];
        int groups = 0, previous = -2;
        for (int d = 0; d < rank; d++)
        {
            int a = kept[perm[d]];
            if (a < 0)
            {
                continue;
            }
            if (a == previous + 1 && groups > 0)
            {
                groupDim[groups - 1] *= shape[perm[d]];
            }
            else
            {
                groupStart[groups] = a;
                groupDim[groups] = shape[perm[d]];
                groups++;
            }
            previous = a;
        }
        // Groups in input order give the merged input dims; each output group's rank there is its new axis.
        int pad = MaxRank - groups;
        for (int d = 0; d < MaxRank; d++)
        {
            dims[d] = 1;
            order[d] = d;
        }
        for (int g = 0; g < groups; g++)
        {
            int position = 0;
            for (int h = 0; h < groups; h++)
            {
                if (groupStart[h] < groupStart[g])
                {
                    position++;
                }
            }
            dims[pad + position] = groupDim[g];
            order[pad + g] = pad + position;
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
