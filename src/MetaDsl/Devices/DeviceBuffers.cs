using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;

namespace MetaDsl;

/// <summary>
/// The device buffers of one <see cref="DeviceLearner{TLearner, T}"/>: allocated for the first launch and
/// replaced only by a launch that needs more, so steady meta-batches allocate nothing. Callers hold the device's gate.
/// </summary>
internal sealed class DeviceBuffers<T> : IDisposable where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private readonly string _owner;

    public DeviceBuffers(Accelerator accelerator, string owner)
    {
        _accelerator = accelerator;
        _owner = owner;
    }

    public MemoryBuffer1D<T, Stride1D.Dense> Thetas { get; private set; } = null!;

    public MemoryBuffer1D<T, Stride1D.Dense> Directions { get; private set; } = null!;

    public MemoryBuffer1D<T, Stride1D.Dense> Inputs { get; private set; } = null!;

    public MemoryBuffer1D<int, Stride1D.Dense> Dims { get; private set; } = null!;

    public MemoryBuffer1D<T, Stride1D.Dense> Results { get; private set; } = null!;

    public MemoryBuffer1D<T, Stride1D.Dense> Losses { get; private set; } = null!;

    public MemoryBuffer1D<T, Stride1D.Dense> Scratch { get; private set; } = null!;

    /// <summary>[Forward] outputs or cotangents, one row per task; allocated by the first [Forward] launch.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Outputs { get; private set; } = null!;

    /// <summary>Makes every buffer at least as large as a launch of <paramref name="tasks"/> tasks needs.</summary>
    public void Reserve(int tasks, int parameters, long inputStride, long scratchStride, int dims)
    {
        long rows = (long)tasks * parameters;
        Thetas = Fit(Thetas, rows, "parameter vectors");
        Directions = Fit(Directions, rows, "H·v directions");
        Results = Fit(Results, rows, "results");
        Losses = Fit(Losses, tasks, "losses");
        Inputs = Fit(Inputs, tasks * inputStride, "task inputs");
        Scratch = Fit(Scratch, tasks * scratchStride, "scratch");
        if (Dims is null || Dims.Length < dims)
        {
            Dims?.Dispose();
            Dims = DeviceAllocation.Allocate<int>(_accelerator, dims, _owner, "dims");
        }
    }

    /// <summary>Makes <see cref="Outputs"/> hold at least <paramref name="length"/> values.</summary>
    public void ReserveOutputs(long length) => Outputs = Fit(Outputs, length, "[Forward] outputs");

    /// <summary>Copies <paramref name="data"/> to the front of <paramref name="buffer"/> and returns the view it fills.</summary>
    public ArrayView<TValue> Upload<TValue>(MemoryBuffer1D<TValue, Stride1D.Dense> buffer, ReadOnlySpan<TValue> data) where TValue : unmanaged
    {
        ArrayView<TValue> view = buffer.View.SubView(0, data.Length);
        view.CopyFromCPU(data);
        return view;
    }

    public void Dispose()
    {
        Thetas?.Dispose();
        Directions?.Dispose();
        Inputs?.Dispose();
        Dims?.Dispose();
        Results?.Dispose();
        Losses?.Dispose();
        Scratch?.Dispose();
        Outputs?.Dispose();
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Fit(MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length, string what)
    {
        if (buffer is not null && buffer.Length >= length) return buffer;
        buffer?.Dispose();
        return DeviceAllocation.Allocate<T>(_accelerator, length, _owner, what);
    }
}
