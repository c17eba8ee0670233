using System.Globalization;

namespace MetaDsl;

/// <summary>Shape arithmetic and shape-error messages shared by <see cref="Tensor"/> and <see cref="Ops"/>.</summary>
internal static class ShapeHelper
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 4;

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
    /// longer wins); or either operand a scalar (rank 0 or a single element; the other wins).
    /// Null when the shapes do not broadcast.
    /// </summary>
    public static int[]? TryBroadcast(int[] a, int[] b)
    {
        if (a.AsSpan().SequenceEqual(b)) return a;
        if (IsSuffix(a, b)) return b;
        if (IsSuffix(b, a)) return a;
        if (Size(a) == 1) return b;
        if (Size(b) == 1) return a;
        return null;
    }

    /// <summary><see cref="TryBroadcast"/>, throwing naming the op and both shapes when the shapes do not broadcast.</summary>
    public static int[] Broadcast(string op, int[] a, int[] b) =>
        TryBroadcast(a, b) ?? throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} do not broadcast.");
}
