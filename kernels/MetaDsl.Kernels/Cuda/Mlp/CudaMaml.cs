using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>
/// Host side of the task-parallel MAML kernel: uploads theta and a packed meta-batch, runs one
/// thread block per task (inner loop and exact reverse pass in one launch), averages the per-task
/// meta-gradients on the device, and downloads the mean. Device memory is allocated once, for
/// <see cref="MamlSettings.MaxTasks"/> tasks. On a <see cref="CpuAccelerator"/> the same calls run the
/// double-precision reference, which is how the host path is tested without a GPU.
/// Not thread-safe: one instance per thread.
/// </summary>
public sealed class CudaMaml : IDisposable
{
    // Each task's scratch starts on a 128-byte boundary so its accesses stay aligned to cache lines.
    private const int ScratchAlignmentFloats = 32;

    private readonly Kernel _maml;
    private readonly Kernel _mean;
    private readonly long _scratchStride;
    private readonly MemoryBuffer<float> _theta, _xTrain, _yTrain, _xValidation, _yValidation;
    private readonly MemoryBuffer<float> _scratch, _taskGradients, _taskLosses, _meanGradient;
    private readonly float[] _hostLosses;

    /// <summary>Loads the kernels for <paramref name="shape"/> (compiling them on a GPU) and allocates device memory.</summary>
    public CudaMaml(Accelerator accelerator, MlpShape shape, MamlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(accelerator.MaxThreadsPerBlock);
        Accelerator = accelerator;
        Shape = shape;
        Settings = settings;
        _maml = accelerator.LoadKernel(MlpKernels.For(shape).Maml);
        _mean = accelerator.LoadKernel(UpdateKernels.MeanOverTasks);

        var scratch = shape.MamlScratchFloats(settings.InnerSteps, settings.TrainPoints, settings.ValidationPoints);
        _scratchStride = (scratch + ScratchAlignmentFloats - 1) / ScratchAlignmentFloats * ScratchAlignmentFloats;
        long tasks = settings.MaxTasks, count = shape.ParameterCount;
        _theta = accelerator.Allocate1D<float>(count);
        _xTrain = accelerator.Allocate1D<float>(tasks * settings.TrainPoints * shape.InputSize);
        _yTrain = accelerator.Allocate1D<float>(tasks * settings.TrainPoints * shape.OutputSize);
        _xValidation = accelerator.Allocate1D<float>(tasks * settings.ValidationPoints * shape.InputSize);
        _yValidation = accelerator.Allocate1D<float>(tasks * settings.ValidationPoints * shape.OutputSize);
        _scratch = accelerator.Allocate1D<float>(tasks * _scratchStride);
        _taskGradients = accelerator.Allocate1D<float>(tasks * count);
        _taskLosses = accelerator.Allocate1D<float>(tasks);
        _meanGradient = accelerator.Allocate1D<float>(count);
        _hostLosses = new float[tasks];
    }

    /// <summary>Where the kernels run.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The network's shape.</summary>
    public MlpShape Shape { get; }

    /// <summary>Inner loop, order, and capacity.</summary>
    public MamlSettings Settings { get; }

    /// <summary>
    /// Computes the MAML meta-gradient of the batch's mean validation loss at <paramref name="theta"/>:
    /// writes the mean over tasks into <paramref name="meanMetaGradient"/>, and when given, each task's
    /// meta-gradient into <paramref name="taskMetaGradients"/> [tasks, P] and each task's validation
    /// loss into <paramref name="taskLosses"/>. Returns the mean validation loss after adaptation.
    /// </summary>
    public float MetaGradient(ReadOnlySpan<float> theta, MlpTaskBatch batch, Span<float> meanMetaGradient,
        Span<float> taskMetaGradients = default, Span<float> taskLosses = default)
    {
        ObjectDisposedException.ThrowIf(_theta.IsDisposed, this);
        var count = Shape.ParameterCount;
        if (theta.Length != count) throw new ArgumentException($"theta has {theta.Length} values; the {Shape} MLP has {count}.", nameof(theta));
        if (meanMetaGradient.Length != count)
            throw new ArgumentException($"meanMetaGradient has {meanMetaGradient.Length} values; needs {count}.", nameof(meanMetaGradient));
        batch.Validate(Shape, Settings.TrainPoints, Settings.ValidationPoints, Settings.MaxTasks);
        var tasks = batch.TaskCount;
        if (!taskMetaGradients.IsEmpty && taskMetaGradients.Length != tasks * count)
            throw new ArgumentException($"taskMetaGradients has {taskMetaGradients.Length} values; needs {tasks * count}.", nameof(taskMetaGradients));
        if (!taskLosses.IsEmpty && taskLosses.Length != tasks)
            throw new ArgumentException($"taskLosses has {taskLosses.Length} values; needs {tasks}.", nameof(taskLosses));

        _theta.CopyFromCpu(theta);
        var xTrain = Upload(_xTrain, batch.XTrain);
        var yTrain = Upload(_yTrain, batch.YTrain);
        var xValidation = Upload(_xValidation, batch.XValidation);
        var yValidation = Upload(_yValidation, batch.YValidation);
        var gradients = _taskGradients.View.SubView(0, (long)tasks * count);
        var losses = _taskLosses.View.SubView(0, tasks);

        _maml.Launch(new KernelConfig(tasks, Settings.ThreadsPerBlock),
            _theta.View, Settings.InnerLearningRate,
            xTrain, yTrain, Settings.TrainPoints,
            xValidation, yValidation, Settings.ValidationPoints,
            Settings.InnerSteps, Settings.FirstOrder ? 1 : 0,
            _scratch.View, _scratchStride,
            gradients, losses);
        _mean.Launch(UpdateKernels.ElementwiseConfig(count), gradients, tasks, count, _meanGradient.View);

        _meanGradient.CopyToCpu(meanMetaGradient);
        if (!taskMetaGradients.IsEmpty) gradients.CopyToCpu(taskMetaGradients);
        var hostLosses = _hostLosses.AsSpan(0, tasks);
        losses.CopyToCpu(hostLosses);
        if (!taskLosses.IsEmpty) hostLosses.CopyTo(taskLosses);
        var sum = 0f;
        foreach (var loss in hostLosses) sum += loss;
        return sum / tasks;
    }

    /// <summary>Frees the device memory (the loaded kernels stay with the accelerator).</summary>
    public void Dispose()
    {
        foreach (var buffer in (MemoryBuffer<float>[])[_theta, _xTrain, _yTrain, _xValidation, _yValidation,
                     _scratch, _taskGradients, _taskLosses, _meanGradient])
            buffer.Dispose();
    }

    private static ArrayView<float> Upload(MemoryBuffer<float> buffer, ReadOnlySpan<float> data)
    {
        var view = buffer.View.SubView(0, data.Length);
        view.CopyFromCpu(data);
        return view;
    }
}
