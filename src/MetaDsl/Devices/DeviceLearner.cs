using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;
using MetaDsl.Kernels.Gpu.Programs;

namespace MetaDsl;

/// <summary>
/// Runs a learner's generated ILGPU kernels on a <see cref="Device"/>, batched over a meta-batch (one
/// task per group): loss, gradient, H·v and mixed product of every task in one launch each, and, for a learner
/// with a <c>[Forward]</c>, its output and pull-back (see <c>DeviceLearner.Forward.cs</c>). Tasks of a
/// launch share their symbolic dims; theta (and v) are one row per task, or one row shared by all.
/// Kernels load once, when it is created (the <c>[Forward]</c> ones on first use); device buffers are allocated for the first
/// launch and again only when a launch needs more. Thread-safe: launches on one device are serialized through its gate.
/// </summary>
/// <typeparam name="TLearner">A generated learner.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed partial class DeviceLearner<TLearner, T> : IDisposable
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Each task's scratch starts on a 128-byte boundary, so its accesses stay aligned to cache lines.
    private static readonly long ScratchAlignment = 128 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    private readonly Device _device;
    private readonly DeviceProgram<T> _program;
    private readonly int _groupSize;
    private readonly Action<KernelConfig, TaskArguments<T>> _loss, _gradient, _hessianVector, _mixed, _metaLossGradient;
    private readonly DeviceBuffers<T> _buffers;
    private readonly int[] _dims, _taskDims, _forwardDims, _forwardTaskDims;
    private T[] _staging = [];

    /// <summary>
    /// Loads <typeparamref name="TLearner"/>'s kernels on <paramref name="device"/> (an accelerator, not <see cref="Device.Cpu"/>).
    /// <paramref name="groupSize"/> threads run each task (a multiple of the warp size; 0 chooses four warps on a GPU, one on ILGPU's CPU accelerator).
    /// Throws <see cref="KernelCompilationException"/> naming the learner and kernel when ILGPU cannot compile one.
    /// </summary>
    public DeviceLearner(Device device, int groupSize = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _program = TLearner.DeviceProgram<T>()
            ?? throw new NotSupportedException($"{TLearner.Info.Name} has no generated device kernels in {typeof(T).Name}: only [Learner] classes whose loops are not rolled have them, in float or double.");
        var accelerator = device.Accelerator;
        // ILGPU's CPU accelerator runs each thread of a group as an OS thread, so there one warp is fastest; a GPU wants several.
        int warps = device.Kind == DeviceKind.IlgpuCpu ? 1 : 4;
        _groupSize = groupSize == 0 ? Math.Min(warps * accelerator.WarpSize, accelerator.MaxNumThreadsPerGroup) : groupSize;
        if (_groupSize < accelerator.WarpSize || _groupSize % accelerator.WarpSize != 0 || _groupSize > accelerator.MaxNumThreadsPerGroup)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize,
                $"Threads per group must be a multiple of {accelerator.WarpSize} up to {accelerator.MaxNumThreadsPerGroup}.");
        using (device.Acquire())
        {
            _loss = Load(accelerator, nameof(DeviceProgram<T>.Loss), _program.Loss);
            _gradient = Load(accelerator, nameof(DeviceProgram<T>.Gradient), _program.Gradient);
            _hessianVector = Load(accelerator, nameof(DeviceProgram<T>.HessianVectorProduct), _program.HessianVectorProduct);
            _mixed = Load(accelerator, nameof(DeviceProgram<T>.MixedProduct), _program.MixedProduct);
            _metaLossGradient = Load(accelerator, nameof(DeviceProgram<T>.MetaLossGradient), _program.MetaLossGradient);
        }
        _buffers = new DeviceBuffers<T>(accelerator, _program.Learner);
        _dims = new int[_program.DimCount];
        _taskDims = new int[_program.DimCount];
        _forwardDims = new int[_program.Forward?.DimCount ?? 0];
        _forwardTaskDims = new int[_forwardDims.Length];
    }

    /// <summary>The device the kernels run on.</summary>
    public Device Device => _device;

    /// <summary>True when the learner has <c>[Forward]</c> kernels, so <c>Predict</c> and <c>PredictPullback</c> run here.</summary>
    public bool HasForwardKernels => _program.Forward is not null;

    /// <summary>Threads per task.</summary>
    public int GroupSize => _groupSize;

    /// <summary>Writes each task's loss at its theta into <paramref name="losses"/> [tasks].</summary>
    /// <param name="thetas">One parameter vector per task, back to back, or one shared by all.</param>
    /// <param name="batches">Each task's batch, as the CPU <c>Loss</c> takes it.</param>
    /// <param name="losses">Receives one loss per task.</param>
    public void Loss(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, Span<T> losses)
        => Run(_loss, thetas, batches, default, Span<T>.Empty, losses, nameof(Loss));

    /// <summary>Writes each task's dL/dtheta into <paramref name="gradients"/> [tasks, P] and its loss into <paramref name="losses"/>.</summary>
    public void Gradient(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, Span<T> gradients, Span<T> losses)
        => Run(_gradient, thetas, batches, default, gradients, losses, nameof(Gradient));

    /// <summary>
    /// Writes each task's gradient of the <c>[MetaLoss]</c> (the <c>[Loss]</c> for a learner without one) into
    /// <paramref name="gradients"/> [tasks, P] and its value into <paramref name="losses"/>: what a query is scored by.
    /// </summary>
    public void MetaLossGradient(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, Span<T> gradients, Span<T> losses)
        => Run(_metaLossGradient, thetas, batches, default, gradients, losses, nameof(MetaLossGradient));

    /// <summary>Writes each task's exact H·v into <paramref name="products"/> [tasks, P]; <paramref name="directions"/> is one v per task or one shared.</summary>
    public void HessianVectorProduct(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, ReadOnlySpan<T> directions, Span<T> products)
        => Run(_hessianVector, thetas, batches, directions, products, Span<T>.Empty, nameof(HessianVectorProduct), needsDirections: true);

    /// <summary>Writes each task's mixed product (see <see cref="ILearner{TSelf}.MixedProduct"/>) into <paramref name="products"/> [tasks, P].</summary>
    public void MixedProduct(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, ReadOnlySpan<T> directions, Span<T> products)
        => Run(_mixed, thetas, batches, directions, products, Span<T>.Empty, nameof(MixedProduct), needsDirections: true);

    /// <summary>Frees the device buffers.</summary>
    public void Dispose()
    {
        using (_device.Acquire()) _buffers.Dispose();
    }

    private Action<KernelConfig, TaskArguments<T>> Load(Accelerator accelerator, string kernel, Action<TaskArguments<T>> entry)
        => KernelLoader.Load(_program.Learner, kernel, () => accelerator.LoadStreamKernel(entry));

    private void Run(Action<KernelConfig, TaskArguments<T>> kernel, ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches,
        ReadOnlySpan<T> directions, Span<T> results, Span<T> losses, string method, bool needsDirections = false)
    {
        ArgumentNullException.ThrowIfNull(batches);
        int tasks = batches.Count, count = _program.ParameterCount;
        if (tasks == 0) throw new ArgumentException($"{_program.Learner}: {method} needs at least one task.", nameof(batches));
        long thetaStride = Stride(thetas.Length, tasks, "thetas");
        long directionStride = needsDirections ? Stride(directions.Length, tasks, "directions") : 0;
        bool writesResults = method != nameof(Loss), writesLosses = method is nameof(Loss) or nameof(Gradient) or nameof(MetaLossGradient);
        if (writesResults && results.Length != (long)tasks * count)
            throw new ArgumentException($"{_program.Learner}: the results of {tasks} tasks need {(long)tasks * count} values, got {results.Length}.", nameof(results));
        if (writesLosses && losses.Length != tasks)
            throw new ArgumentException($"{_program.Learner}: {tasks} tasks need {tasks} losses, got {losses.Length}.", nameof(losses));

        long inputStride = BindAll(_program.Bind, _dims, _taskDims, batches);
        long scratch = AlignedScratch(_program.ScratchLength(_dims));
        Pack(batches, inputStride);

        using (_device.Acquire())
        {
            var b = _buffers;
            b.Reserve(tasks, count, Math.Max(inputStride, 1), scratch, Math.Max(_dims.Length, 1));
            var thetaView = b.Upload(b.Thetas, thetas);
            ArrayView<T> directionView = needsDirections ? b.Upload(b.Directions, directions) : b.Directions.View;
            var inputView = b.Upload(b.Inputs, _staging.AsSpan(0, (int)(tasks * inputStride)));
            var dimView = b.Upload(b.Dims, _dims);
            var arguments = new TaskArguments<T>(count, thetaView, thetaStride, directionView, directionStride, inputView, inputStride,
                dimView, b.Results.View, b.Losses.View, b.Scratch.View, scratch);
            kernel(new KernelConfig(tasks, _groupSize), arguments);
            _device.Accelerator.Synchronize();
            ArrayView<T> resultView = b.Results.View, lossView = b.Losses.View;
            if (writesResults) resultView.SubView(0, results.Length).CopyToCPU(results);
            if (writesLosses) lossView.SubView(0, tasks).CopyToCPU(losses);
        }
    }

    /// <summary>One task's scratch, at least one value, rounded up to <see cref="ScratchAlignment"/>.</summary>
    private static long AlignedScratch(long length) => (Math.Max(length, 1) + ScratchAlignment - 1) / ScratchAlignment * ScratchAlignment;

    private long Stride(int length, int tasks, string name)
    {
        int count = _program.ParameterCount;
        if (length == count) return 0;
        if (length == (long)tasks * count) return count;
        throw new ArgumentException($"{_program.Learner}: '{name}' has {length} values; {tasks} tasks need {count} (shared) or {(long)tasks * count} (one row each).", name);
    }

    /// <summary>
    /// Checks every task's batch with <paramref name="bind"/>, binds the dims of the first into <paramref name="dims"/> and
    /// requires the others (bound into <paramref name="taskDims"/>) to equal them; returns the values of inputs per task.
    /// </summary>
    private long BindAll(DimBinder<T> bind, int[] dims, int[] taskDims, IReadOnlyList<Batch<T>> batches)
    {
        bind(batches[0], dims);
        for (int t = 1; t < batches.Count; t++)
        {
            bind(batches[t], taskDims);
            if (!taskDims.AsSpan().SequenceEqual(dims))
                throw new ArgumentException($"{_program.Learner}: task {t}'s batch binds dims [{string.Join(", ", taskDims)}] but task 0's binds [{string.Join(", ", dims)}]; the tasks of one launch share their shapes.", nameof(batches));
        }
        long stride = 0;
        for (int i = 0; i < batches[0].Count; i++) stride += batches[0][i].Length;
        return stride;
    }

    /// <summary>Lays the tasks' inputs back to back in the host staging array.</summary>
    private void Pack(IReadOnlyList<Batch<T>> batches, long inputStride)
    {
        long needed = batches.Count * inputStride;
        if (needed > Array.MaxLength) throw new ArgumentException($"{_program.Learner}: {needed} input values exceed one launch's limit.", nameof(batches));
        if (_staging.Length < needed) _staging = new T[needed];
        int at = 0;
        foreach (var batch in batches)
            for (int i = 0; i < batch.Count; i++)
            {
                batch[i].Data.CopyTo(_staging, at);
                at += batch[i].Length;
            }
    }
}
