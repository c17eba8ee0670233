namespace MetaDsl.Kernels.Devices;

/// <summary>
/// A typed, contiguous allocation in an accelerator's memory. Use <see cref="View"/> (or sub-views of
/// it) to copy data and to pass the memory to kernels. Dispose it, or its accelerator, to free it.
/// </summary>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public sealed unsafe class MemoryBuffer<T> : IDeviceAllocation, IDisposable where T : unmanaged
{
    private ulong _address;

    internal MemoryBuffer(Accelerator accelerator, long length)
    {
        Accelerator = accelerator;
        Length = length;
        // A zero-length buffer owns no memory: cuMemAlloc rejects a size of 0.
        _address = length == 0 ? 0 : accelerator.AllocateBytes(checked(length * sizeof(T)));
    }

    /// <summary>The accelerator owning the memory.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Size in bytes.</summary>
    public long LengthInBytes => Length * sizeof(T);

    /// <summary>Whether the memory has been freed.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>A view of the whole buffer.</summary>
    public ArrayView<T> View => new(this, 0, Length);

    /// <summary>The device address of element 0; throws once freed.</summary>
    internal ulong Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return _address;
        }
    }

    /// <summary>Copies <paramref name="source"/> into the buffer; lengths must match.</summary>
    public void CopyFromCpu(ReadOnlySpan<T> source) => View.CopyFromCpu(source);

    /// <summary>Copies the buffer into <paramref name="destination"/>; lengths must match.</summary>
    public void CopyToCpu(Span<T> destination) => View.CopyToCpu(destination);

    /// <summary>Copies the buffer into a new array.</summary>
    public T[] GetAsArray1D() => View.GetAsArray1D();

    /// <summary>Sets every byte of the buffer to zero.</summary>
    public void MemSetToZero() => View.MemSetToZero();

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        if (IsDisposed) return;
        Accelerator.Forget(this);
        Release();
    }

    /// <summary>A buffer passes to a kernel as a view of all of it.</summary>
    public static implicit operator KernelArgument(MemoryBuffer<T> buffer) => buffer.View;

    void IDeviceAllocation.Release() => Release();

    private void Release()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        if (_address != 0) Accelerator.FreeBytes(_address);
        _address = 0;
    }
}
