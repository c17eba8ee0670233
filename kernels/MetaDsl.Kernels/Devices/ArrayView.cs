namespace MetaDsl.Kernels.Devices;

/// <summary>
/// A typed window [<see cref="Index"/>, <see cref="Index"/> + <see cref="Length"/>) of a
/// <see cref="MemoryBuffer{T}"/>. Every copy checks lengths, so a view can never read or write past
/// its window. Views are cheap values; they do not own memory.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public readonly unsafe struct ArrayView<T> where T : unmanaged
{
    private readonly MemoryBuffer<T>? _buffer;

    internal ArrayView(MemoryBuffer<T> buffer, long index, long length)
    {
        _buffer = buffer;
        Index = index;
        Length = length;
    }

    /// <summary>Offset of the first element inside the buffer.</summary>
    public long Index { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Size in bytes.</summary>
    public long LengthInBytes => Length * sizeof(T);

    /// <summary>False for the default value, which views no buffer.</summary>
    public bool IsValid => _buffer is not null;

    /// <summary>The accelerator owning the memory.</summary>
    public Accelerator Accelerator => Buffer.Accelerator;

    internal MemoryBuffer<T> Buffer =>
        _buffer ?? throw new InvalidOperationException("This ArrayView is default and views no buffer.");

    /// <summary>The device address of the first element.</summary>
    internal ulong Address => Buffer.Address + (ulong)(Index * sizeof(T));

    /// <summary>The view of <paramref name="length"/> elements starting <paramref name="index"/> elements into this one.</summary>
    public ArrayView<T> SubView(long index, long length)
    {
        if (index < 0 || length < 0 || index > Length - length)
            throw new ArgumentOutOfRangeException(nameof(index),
                $"SubView({index}, {length}) does not fit inside a view of {Length} elements.");
        return new ArrayView<T>(Buffer, Index + index, length);
    }

    /// <summary>Copies <paramref name="source"/> into the view; its length must equal <see cref="Length"/>.</summary>
    public void CopyFromCpu(ReadOnlySpan<T> source)
    {
        RequireLength(source.Length, nameof(source));
        if (Length == 0) return;
        fixed (T* pointer = source) Accelerator.CopyFromHost(Address, pointer, LengthInBytes);
    }

    /// <summary>Copies the view into <paramref name="destination"/>; its length must equal <see cref="Length"/>.</summary>
    public void CopyToCpu(Span<T> destination)
    {
        RequireLength(destination.Length, nameof(destination));
        if (Length == 0) return;
        fixed (T* pointer = destination) Accelerator.CopyToHost(pointer, Address, LengthInBytes);
    }

    /// <summary>Copies the view into a new array.</summary>
    public T[] GetAsArray1D()
    {
        var result = new T[Length];
        CopyToCpu(result);
        return result;
    }

    /// <summary>Copies this view into <paramref name="destination"/> on the same accelerator; lengths must match.</summary>
    public void CopyTo(ArrayView<T> destination)
    {
        if (!ReferenceEquals(destination.Accelerator, Accelerator))
            throw new ArgumentException("Both views must belong to the same accelerator.", nameof(destination));
        destination.RequireLength(Length, nameof(destination));
        if (Length == 0) return;
        Accelerator.CopyOnDevice(destination.Address, Address, LengthInBytes);
    }

    /// <summary>Sets every byte of the view to zero.</summary>
    public void MemSetToZero()
    {
        if (Length == 0) return;
        Accelerator.Zero(Address, LengthInBytes);
    }

    /// <summary>A view passes to a kernel as a device pointer to its first element.</summary>
    public static implicit operator KernelArgument(ArrayView<T> view) =>
        KernelArgument.ForView(typeof(T), view.Address, view.Length, view.Accelerator);

    private void RequireLength(long actual, string parameter)
    {
        if (actual != Length)
            throw new ArgumentException($"Length mismatch: the view has {Length} elements, {parameter} has {actual}.", parameter);
    }
}
