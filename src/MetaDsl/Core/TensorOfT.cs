namespace MetaDsl;

/// <summary>
/// A row-major tensor of <typeparamref name="T"/> that wraps caller-owned data (no copy).
/// </summary>
public sealed class Tensor<T> where T : unmanaged
{
    /// <summary>Wraps <paramref name="data"/> with the given shape (rank 0 to 6).</summary>
    /// <exception cref="ArgumentException">The data length is not the product of the dims, or a dim is negative.</exception>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length > ShapeHelper.MaxRank)
            throw new ArgumentException($"Tensor rank {shape.Length} is not supported (at most {ShapeHelper.MaxRank}): shape [{string.Join(", ", shape)}].", nameof(shape));
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor shape [{string.Join(", ", shape)}] has a negative dim.", nameof(shape));
            size *= d;
        }
        if (size != data.Length)
            throw new ArgumentException($"Tensor shape [{string.Join(", ", shape)}] needs {size} values but the data has {data.Length}.", nameof(data));
        Data = data;
        Shape = shape;
    }

    /// <summary>The values, row-major.</summary>
    public T[] Data { get; }

    /// <summary>The dims.</summary>
    public int[] Shape { get; }

    /// <summary>The number of dims.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of values.</summary>
    public int Length => Data.Length;

    /// <summary>The values as a span.</summary>
    public Span<T> Span => Data;

    /// <inheritdoc/>
    public override string ToString() => $"Tensor<{typeof(T).Name}>[{string.Join(", ", Shape)}]";
}
