namespace MetaDsl.Kernels.Devices;

/// <summary>
/// One argument of a kernel launch: an <see cref="ArrayView{T}"/> (passed as a device pointer) or a
/// scalar of a supported type. Only those convert implicitly, so a launch cannot be handed anything
/// a kernel could not receive; the launch then checks each argument against the kernel's
/// <see cref="KernelParameter"/> list.
/// </summary>
public readonly struct KernelArgument
{
    private KernelArgument(Type elementType, bool isView, ulong bits, long length, Accelerator? owner)
    {
        ElementType = elementType;
        IsView = isView;
        Bits = bits;
        Length = length;
        Owner = owner;
    }

    /// <summary>The scalar's type, or the view's element type.</summary>
    public Type ElementType { get; }

    /// <summary>True for a view, false for a scalar.</summary>
    public bool IsView { get; }

    /// <summary>The device address of a view, or the scalar's bits in the low bytes (little-endian).</summary>
    internal ulong Bits { get; }

    /// <summary>Elements in a view; 0 for a scalar.</summary>
    internal long Length { get; }

    /// <summary>The accelerator a view belongs to; null for a scalar.</summary>
    internal Accelerator? Owner { get; }

    internal static KernelArgument ForView(Type elementType, ulong address, long length, Accelerator owner) =>
        new(elementType, true, address, length, owner);

    /// <summary>Passes a 32-bit signed integer.</summary>
    public static implicit operator KernelArgument(int value) => new(typeof(int), false, (uint)value, 0, null);

    /// <summary>Passes a 32-bit unsigned integer.</summary>
    public static implicit operator KernelArgument(uint value) => new(typeof(uint), false, value, 0, null);

    /// <summary>Passes a 64-bit signed integer (C <c>long long</c>).</summary>
    public static implicit operator KernelArgument(long value) => new(typeof(long), false, (ulong)value, 0, null);

    /// <summary>Passes a single-precision float.</summary>
    public static implicit operator KernelArgument(float value) =>
        new(typeof(float), false, BitConverter.SingleToUInt32Bits(value), 0, null);

    /// <summary>Passes a double-precision float.</summary>
    public static implicit operator KernelArgument(double value) =>
        new(typeof(double), false, BitConverter.DoubleToUInt64Bits(value), 0, null);

    /// <inheritdoc/>
    public override string ToString() => IsView ? $"ArrayView<{ElementType.Name}>[{Length}]" : ElementType.Name;
}
