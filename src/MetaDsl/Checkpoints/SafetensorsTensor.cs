using System.Numerics;
using System.Runtime.InteropServices;

namespace MetaDsl.Checkpoints;

/// <summary>One named tensor of a safetensors file: dtype, shape and little-endian bytes.</summary>
public sealed class SafetensorsTensor
{
    /// <summary>Wraps <paramref name="data"/> (no copy).</summary>
    /// <exception cref="ArgumentException">A dim is negative, or the byte count is not the shape's element count × dtype size.</exception>
    public SafetensorsTensor(string name, SafetensorsDType dtype, int[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}' has a negative dim in shape [{string.Join(", ", shape)}].", nameof(shape));
            count = checked(count * d);
        }
        if (checked(count * dtype.Size()) != data.Length)
            throw new ArgumentException($"Tensor '{name}' of shape [{string.Join(", ", shape)}] and dtype {dtype} needs {count * dtype.Size()} bytes, got {data.Length}.", nameof(data));
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
        ElementCount = count;
    }

    /// <summary>The tensor's key in the header.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>The dims.</summary>
    public int[] Shape { get; }

    /// <summary>The raw little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements.</summary>
    public long ElementCount { get; }

    /// <summary>A tensor holding a copy of <paramref name="values"/> (float → F32, double → F64).</summary>
    /// <exception cref="ArgumentException">The value count does not match the shape.</exception>
    public static SafetensorsTensor From<T>(string name, ReadOnlySpan<T> values, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = SafetensorsDTypes.Of<T>();
        RequireLittleEndian();
        return new SafetensorsTensor(name, dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>Copies the values into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidOperationException">The dtype is not <typeparamref name="T"/>'s.</exception>
    /// <exception cref="ArgumentException">The destination length differs from <see cref="ElementCount"/>.</exception>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = SafetensorsDTypes.Of<T>();
        if (expected != DType)
            throw new InvalidOperationException($"Tensor '{Name}' has dtype {DType}; it cannot be read as {typeof(T).Name} ({expected}).");
        if (destination.Length != ElementCount)
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} elements but the destination holds {destination.Length}.", nameof(destination));
        RequireLittleEndian();
        Data.AsSpan().CopyTo(MemoryMarshal.AsBytes(destination));
    }

    /// <summary>The values as a new array.</summary>
    /// <exception cref="InvalidOperationException">The dtype is not <typeparamref name="T"/>'s.</exception>
    public T[] ToArray<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[ElementCount];
        CopyTo<T>(result);
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DType}[{string.Join(", ", Shape)}]";

    // The format is little-endian and values are copied as raw bytes.
    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors I/O needs a little-endian machine.");
    }
}
