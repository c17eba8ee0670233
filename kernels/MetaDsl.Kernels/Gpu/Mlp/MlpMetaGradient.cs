using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// Host side of the task-parallel MAML / Meta-SGD kernel for a ReLU MLP: uploads theta, the rates and
/// a packed meta-batch, runs one group per task (inner loop and exact reverse pass in one launch),
/// averages the per-task gradients on the device and downloads the means. Device memory is allocated
/// once for <see cref="MaxTasks"/> tasks, so a warm call allocates nothing. Not thread-safe: one per thread.
/// </summary>
public sealed class MlpMetaGradient<T> : IDisposable where T : unmanaged, INumber<T>
{
    private const string Family = "ReLU MLP";

    private readonly Accelerator _accelerator;
    private readonly int _groupSize;
    private readonly long _scratchStride;
    private readonly RateLayout _rateLayout;
    private readonly bool _learnsRates;
    private readonly bool _weighted;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _sizes;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _theta, _rates, _queryWeights, _xs, _ys, _xq, _yq;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _scratch, _taskGradients, _taskRateGradients, _losses, _mean, _rateMean;
    private readonly T[] _hostLosses;
    private readonly Action<KernelConfig, MlpLayout, ArrayView<T>, InnerLoopSettings<T>, MlpSplit<T>, MlpSplit<T>, ArrayView<T>, long,
        ArrayView<T>, ArrayView<T>, ArrayView<T>> _metaGradient;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<T>, int, T, ArrayView<T>> _meanOverTasks;

    /// <summary>Loads the kernels (ILGPU compiles them now) and allocates device memory.</summary>
    /// <param name="accelerator">Where the kernels run.</param>
    /// <param name="shape">The network.</param>
    /// <param name="steps">Inner steps K (at least 1).</param>
    /// <param name="secondOrder">Keep the Hessian terms (second-order MAML).</param>
    /// <param name="rateLayout">How the rates passed to each call are laid out; <see cref="RateLayout.PerParameter"/> also yields their gradient.</param>
    /// <param name="queryWeights">MAML++'s K + 1 query-loss weights, or null for the last query loss alone.</param>
    /// <param name="supportPoints">Support points per task.</param>
    /// <param name="queryPoints">Query points per task.</param>
    /// <param name="maxTasks">The largest meta-batch.</param>
    /// <param name="groupSize">Threads per task's group: a multiple of the warp size.</param>
    public MlpMetaGradient(Accelerator accelerator, MlpShape shape, int steps, bool secondOrder, RateLayout rateLayout,
        T[]? queryWeights, int supportPoints, int queryPoints, int maxTasks, int groupSize = 64)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(supportPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTasks, 1);
        if (groupSize < accelerator.WarpSize || groupSize % accelerator.WarpSize != 0 || groupSize > accelerator.MaxNumThreadsPerGroup)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize,
                $"Threads per group must be a multiple of {accelerator.WarpSize} up to {accelerator.MaxNumThreadsPerGroup}.");
        if (queryWeights is not null && queryWeights.Length != steps + 1)
            throw new ArgumentException($"queryWeights has {queryWeights.Length} entries; {steps} steps need {steps + 1}.", nameof(queryWeights));

        _accelerator = accelerator;
        // CUDA makes a context current per thread, and the caller may be on any thread.
        accelerator.Bind();
        _groupSize = groupSize;
        _rateLayout = rateLayout;
        _learnsRates = rateLayout == RateLayout.PerParameter;
        _weighted = queryWeights is not null;
        Shape = shape;
        Steps = steps;
        SecondOrder = secondOrder;
        SupportPoints = supportPoints;
        QueryPoints = queryPoints;
        MaxTasks = maxTasks;
        _metaGradient = KernelLoader.Load(Family + " " + shape, nameof(MlpKernels.MetaGradient), () => accelerator.LoadStreamKernel<
            MlpLayout, ArrayView<T>, InnerLoopSettings<T>, MlpSplit<T>, MlpSplit<T>, ArrayView<T>, long, ArrayView<T>, ArrayView<T>, ArrayView<T>>(
            MlpKernels.MetaGradient));
        _meanOverTasks = KernelLoader.Load(Family + " " + shape, nameof(UpdateKernels.MeanOverTasks),
            () => accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, int, T, ArrayView<T>>(UpdateKernels.MeanOverTasks));

        int count = shape.ParameterCount;
        // Each task's scratch starts on a 128-byte boundary so its accesses stay aligned to cache lines.
        long align = 128 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long scratch = InnerLoopSettings<T>.ScratchLength(shape, steps, supportPoints, queryPoints);
        _scratchStride = (scratch + align - 1) / align * align;
        _sizes = accelerator.Allocate1D([.. shape.LayerSizes]);
        _theta = accelerator.Allocate1D<T>(count);
        _rates = accelerator.Allocate1D<T>(rateLayout switch
        {
            RateLayout.PerStep => steps,
            RateLayout.PerParameter => count,
            _ => (long)steps * count,
        });
        _queryWeights = accelerator.Allocate1D(queryWeights ?? [T.One]);
        _xs = accelerator.Allocate1D<T>((long)maxTasks * supportPoints * shape.InputSize);
        _ys = accelerator.Allocate1D<T>((long)maxTasks * supportPoints * shape.OutputSize);
        _xq = accelerator.Allocate1D<T>((long)maxTasks * queryPoints * shape.InputSize);
        _yq = accelerator.Allocate1D<T>((long)maxTasks * queryPoints * shape.OutputSize);
        _scratch = accelerator.Allocate1D<T>(maxTasks * _scratchStride);
        _taskGradients = accelerator.Allocate1D<T>((long)maxTasks * count);
        _taskRateGradients = accelerator.Allocate1D<T>(_learnsRates ? (long)maxTasks * count : 1);
        _losses = accelerator.Allocate1D<T>(maxTasks);
        _mean = accelerator.Allocate1D<T>(count);
        _rateMean = accelerator.Allocate1D<T>(_learnsRates ? count : 1);
        _hostLosses = new T[maxTasks];
    }

    /// <summary>The network.</summary>
    public MlpShape Shape { get; }

    /// <summary>Inner steps K.</summary>
    public int Steps { get; }

    /// <summary>Whether the Hessian terms are kept.</summary>
    public bool SecondOrder { get; }

    /// <summary>Support points per task.</summary>
    public int SupportPoints { get; }

    /// <summary>Query points per task.</summary>
    public int QueryPoints { get; }

    /// <summary>The largest meta-batch.</summary>
    public int MaxTasks { get; }

    /// <summary>
    /// The mean over tasks of the meta-gradient at <paramref name="theta"/> into <paramref name="meanGradient"/>
    /// and, for <see cref="RateLayout.PerParameter"/>, of the rate gradient into <paramref name="meanRateGradient"/>; returns
    /// the mean query loss. <paramref name="rates"/> holds K, P or K × P rates (the layout given at construction); the data is packed
    /// task-major: xs [tasks, support, in], ys [tasks, support, out], xq and yq likewise for the query points.
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates, int tasks, ReadOnlySpan<T> xs, ReadOnlySpan<T> ys,
        ReadOnlySpan<T> xq, ReadOnlySpan<T> yq, Span<T> meanGradient, Span<T> meanRateGradient = default)
    {
        ObjectDisposedException.ThrowIf(_theta.IsDisposed, this);
        _accelerator.Bind();
        int count = Shape.ParameterCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tasks, MaxTasks);
        Require(theta.Length, count, nameof(theta));
        Require(rates.Length, (int)_rates.Length, nameof(rates));
        Require(meanGradient.Length, count, nameof(meanGradient));
        if (_learnsRates) Require(meanRateGradient.Length, count, nameof(meanRateGradient));
        Require(xs.Length, tasks * SupportPoints * Shape.InputSize, nameof(xs));
        Require(ys.Length, tasks * SupportPoints * Shape.OutputSize, nameof(ys));
        Require(xq.Length, tasks * QueryPoints * Shape.InputSize, nameof(xq));
        Require(yq.Length, tasks * QueryPoints * Shape.OutputSize, nameof(yq));

        View(_theta).CopyFromCPU(theta);
        View(_rates).CopyFromCPU(rates);
        var support = new MlpSplit<T>(Shape, DeviceUploads.Upload(_xs, xs), DeviceUploads.Upload(_ys, ys), SupportPoints, Inverse(SupportPoints * Shape.OutputSize));
        var query = new MlpSplit<T>(Shape, DeviceUploads.Upload(_xq, xq), DeviceUploads.Upload(_yq, yq), QueryPoints, Inverse(QueryPoints * Shape.OutputSize));
        var settings = new InnerLoopSettings<T>(Steps, SecondOrder, _rateLayout, count, _rates.View, _weighted, _queryWeights.View);
        var gradients = View(_taskGradients).SubView(0, (long)tasks * count);
        var rateGradients = _learnsRates ? View(_taskRateGradients).SubView(0, (long)tasks * count) : View(_taskRateGradients);
        var losses = View(_losses).SubView(0, tasks);

        _metaGradient(new KernelConfig(tasks, _groupSize), new MlpLayout(Shape, _sizes.View), _theta.View, settings, support, query,
            _scratch.View, _scratchStride, gradients, rateGradients, losses);
        _meanOverTasks(_accelerator.DefaultStream, count, gradients, tasks, Inverse(tasks), _mean.View);
        if (_learnsRates) _meanOverTasks(_accelerator.DefaultStream, count, rateGradients, tasks, Inverse(tasks), _rateMean.View);

        View(_mean).CopyToCPU(meanGradient);
        if (_learnsRates) View(_rateMean).CopyToCPU(meanRateGradient);
        var hostLosses = _hostLosses.AsSpan(0, tasks);
        losses.CopyToCPU(hostLosses);
        T sum = T.Zero;
        foreach (var loss in hostLosses) sum += loss;
        return sum * Inverse(tasks);
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _accelerator.Bind();
        _sizes.Dispose();
        foreach (var buffer in (MemoryBuffer1D<T, Stride1D.Dense>[])[_theta, _rates, _queryWeights, _xs, _ys, _xq, _yq,
                     _scratch, _taskGradients, _taskRateGradients, _losses, _mean, _rateMean])
            buffer.Dispose();
    }

    private static ArrayView<T> View(MemoryBuffer1D<T, Stride1D.Dense> buffer) => buffer.View;

    private static T Inverse(int n) => T.One / T.CreateChecked(n);

    private static void Require(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"{name} has {actual} values; needs {expected}.", name);
    }
}
