using System.Globalization;

namespace MetaDsl;

/// <summary>Shape arithmetic and shape-error messages shared by <see cref="Tensor"/> and <see cref="Ops"/>.</summary>
internal static class ShapeHelper
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 6;

    /// <summary>Formats a shape as <c>[2, 3]</c> (a scalar is <c>[]</c>).</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>The number of values a shape holds.</summary>
    public static long Size(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (var d in shape) size *= d;
        return size;
    }

    /// <summary>Row-major strides of a shape (the last dim has stride 1).</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>Turns a possibly negative axis into one in <c>[0, rank)</c>, or throws naming the op and the shape.</summary>
    public static int NormalizeAxis(string op, int axis, int[] shape)
    {
        int rank = shape.Length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentException($"{op}: axis {axis} is out of range for shape {Format(shape)} (rank {rank}).", nameof(axis));
        return a;
    }

    /// <summary>True when <paramref name="suffix"/> equals the trailing dims of <paramref name="shape"/>.</summary>
    public static bool IsSuffix(int[] suffix, int[] shape)
    {
        if (suffix.Length > shape.Length) return false;
        int offset = shape.Length - suffix.Length;
        for (int i = 0; i < suffix.Length; i++)
            if (suffix[i] != shape[offset + i]) return false;
        return true;
    }

    /// <summary>
    /// The shape of an element-wise result: equal shapes; one shape a suffix of the other (the
    /// longer wins); either operand a scalar (rank 0 or a single element; the other wins); or else
    /// NumPy's rule, dims aligned from the right equal or one of them 1 (a missing dim counts as 1).
    /// Null when the shapes do not broadcast.
    /// </summary>
    public static int[]? TryBroadcast(int[] a, int[] b)
    {
        if (a.AsSpan().SequenceEqual(b)) return a;
        if (IsSuffix(a, b)) return b;
        if (IsSuffix(b, a)) return a;
        if (Size(a) == 1) return b;
        if (Size(b) == 1) return a;
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int x = Aligned(a, i, rank), y = Aligned(b, i, rank);
            if (x != y && x != 1 && y != 1) return null;
            shape[i] = x == 1 ? y : x;
        }
        return shape;
    }

    /// <summary>
    /// Where each value of a result of <paramref name="result"/>'s shape reads <paramref name="operand"/> under
    /// NumPy broadcasting: strides of the right-aligned operand, 0 along its size-1 and missing dims.
    /// </summary>
    public static int[] BroadcastStrides(int[] operand, int[] result)
    {
        var own = Strides(operand);
        var strides = new int[result.Length];
        int offset = result.Length - operand.Length;
        for (int i = offset; i < result.Length; i++)
            strides[i] = operand[i - offset] == 1 ? 0 : own[i - offset];
        return strides;
    }

    /// <summary>Dim <paramref name="i"/> of <paramref name="shape"/> right-aligned to <paramref name="rank"/> dims, 1 where it has none.</summary>
    private static int Aligned(int[] shape, int i, int rank) => i < rank - shape.Length ? 1 : shape[i - (rank - shape.Length)];

    /// <summary><see cref="TryBroadcast"/>, throwing naming the op and both shapes when the shapes do not broadcast.</summary>
    public static int[] Broadcast(string op, int[] a, int[] b) =>
        TryBroadcast(a, b) ?? throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} do not broadcast.");
}
