using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Copies host data into the front of a device buffer allocated for the largest batch.</summary>
internal static class DeviceUploads
{
    /// <summary>Copies <paramref name="data"/> to the start of <paramref name="buffer"/> and returns the view it fills.</summary>
    public static ArrayView<T> Upload<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        ArrayView<T> whole = buffer.View;
        var view = whole.SubView(0, data.Length);
        view.CopyFromCPU(data);
        return view;
    }
}
