using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// Host side of the batched H·v kernel for a ReLU MLP: for each task t of a batch, H_t(theta_t)·v_t,
/// one group per task in one launch (what conjugate gradient on many tasks at once needs). Device
/// memory is allocated once for <see cref="MaxTasks"/> tasks. Not thread-safe: one per thread.
/// </summary>
public sealed class MlpHessianVectorProducts<T> : IDisposable where T : unmanaged, INumber<T>
{
    private readonly Accelerator _accelerator;
    private readonly int _groupSize;
    private readonly long _scratchStride;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _sizes;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _thetas, _directions, _x, _y, _scratch, _products, _losses;
    private readonly Action<KernelConfig, MlpLayout, ArrayView<T>, ArrayView<T>, MlpSplit<T>, ArrayView<T>, long, ArrayView<T>, ArrayView<T>> _kernel;

    /// <summary>Loads the kernel and allocates device memory for up to <paramref name="maxTasks"/> tasks of <paramref name="points"/> points.</summary>
    public MlpHessianVectorProducts(Accelerator accelerator, MlpShape shape, int points, int maxTasks, int groupSize = 64)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTasks, 1);
        if (groupSize < accelerator.WarpSize || groupSize % accelerator.WarpSize != 0 || groupSize > accelerator.MaxNumThreadsPerGroup)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize,
                $"Threads per group must be a multiple of {accelerator.WarpSize} up to {accelerator.MaxNumThreadsPerGroup}.");
        _accelerator = accelerator;
        // CUDA makes a context current per thread, and the caller may be on any thread.
        accelerator.Bind();
        Shape = shape;
        Points = points;
        MaxTasks = maxTasks;
        _groupSize = groupSize;
        _kernel = KernelLoader.Load("ReLU MLP " + shape, nameof(MlpKernels.HessianVectorProducts), () => accelerator.LoadStreamKernel<
            MlpLayout, ArrayView<T>, ArrayView<T>, MlpSplit<T>, ArrayView<T>, long, ArrayView<T>, ArrayView<T>>(MlpKernels.HessianVectorProducts));
        long count = shape.ParameterCount;
        _scratchStride = shape.ActivationScratch(points);
        _sizes = accelerator.Allocate1D([.. shape.LayerSizes]);
        _thetas = accelerator.Allocate1D<T>(maxTasks * count);
        _directions = accelerator.Allocate1D<T>(maxTasks * count);
        _x = accelerator.Allocate1D<T>((long)maxTasks * points * shape.InputSize);
        _y = accelerator.Allocate1D<T>((long)maxTasks * points * shape.OutputSize);
        _scratch = accelerator.Allocate1D<T>(maxTasks * _scratchStride);
        _products = accelerator.Allocate1D<T>(maxTasks * count);
        _losses = accelerator.Allocate1D<T>(maxTasks);
    }

    /// <summary>The network.</summary>
    public MlpShape Shape { get; }

    /// <summary>Points per task.</summary>
    public int Points { get; }

    /// <summary>The largest batch.</summary>
    public int MaxTasks { get; }

    /// <summary>
    /// Row t of <paramref name="products"/> [tasks, P] = H_t(theta_t)·v_t for the rows of <paramref name="thetas"/> and
    /// <paramref name="directions"/>, with H_t the Hessian of the MSE on task t's x [points, in] and y [points, out]
    /// (packed task-major); each task's loss into <paramref name="losses"/> when it is not empty.
    /// </summary>
    public void Compute(int tasks, ReadOnlySpan<T> thetas, ReadOnlySpan<T> directions, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> products, Span<T> losses = default)
    {
        ObjectDisposedException.ThrowIf(_thetas.IsDisposed, this);
        _accelerator.Bind();
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tasks, MaxTasks);
        int values = tasks * Shape.ParameterCount;
        Require(thetas.Length, values, nameof(thetas));
        Require(directions.Length, values, nameof(directions));
        Require(products.Length, values, nameof(products));
        Require(x.Length, tasks * Points * Shape.InputSize, nameof(x));
        Require(y.Length, tasks * Points * Shape.OutputSize, nameof(y));
        if (!losses.IsEmpty) Require(losses.Length, tasks, nameof(losses));

        var split = new MlpSplit<T>(Shape, DeviceUploads.Upload(_x, x), DeviceUploads.Upload(_y, y), Points, T.One / T.CreateChecked(Points * Shape.OutputSize));
        var result = View(_products).SubView(0, values);
        var lossView = View(_losses).SubView(0, tasks);
        _kernel(new KernelConfig(tasks, _groupSize), new MlpLayout(Shape, _sizes.View), DeviceUploads.Upload(_thetas, thetas), DeviceUploads.Upload(_directions, directions),
            split, _scratch.View, _scratchStride, result, lossView);
        result.CopyToCPU(products);
        if (!losses.IsEmpty) lossView.CopyToCPU(losses);
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _accelerator.Bind();
        _sizes.Dispose();
        foreach (var buffer in (MemoryBuffer1D<T, Stride1D.Dense>[])[_thetas, _directions, _x, _y, _scratch, _products, _losses])
            buffer.Dispose();
    }

    private static ArrayView<T> View(MemoryBuffer1D<T, Stride1D.Dense> buffer) => buffer.View;

    private static void Require(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"{name} has {actual} values; needs {expected}.", name);
    }
}
