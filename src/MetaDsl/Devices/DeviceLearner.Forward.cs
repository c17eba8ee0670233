using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;
using MetaDsl.Kernels.Gpu.Programs;

namespace MetaDsl;

public sealed partial class DeviceLearner<TLearner, T>
{
    private Action<KernelConfig, ForwardArguments<T>>? _predict, _pullback;

    /// <summary>Writes each task's <c>[Forward]</c> output at its theta into <paramref name="outputs"/> [tasks, output length], as the CPU <c>Predict</c> does task by task.</summary>
    /// <param name="thetas">One parameter vector per task, back to back, or one shared by all.</param>
    /// <param name="batches">Each task's <c>[Forward]</c> inputs, as the CPU <c>Predict</c> takes them; the tasks share their dims.</param>
    /// <param name="outputs">Receives one output per task.</param>
    /// <exception cref="NotSupportedException">The learner has no <c>[Forward]</c> kernels (no <c>[Forward]</c>, or its loops are rolled).</exception>
    public void Predict(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, Span<T> outputs)
        => RunForward(thetas, batches, default, outputs, pullback: false);

    /// <summary>Writes each task's J(theta)ᵀ·c through the <c>[Forward]</c> into <paramref name="gradients"/> [tasks, P], as the CPU <c>PredictPullback</c> does task by task.</summary>
    /// <param name="thetas">One parameter vector per task, back to back, or one shared by all.</param>
    /// <param name="batches">Each task's <c>[Forward]</c> inputs; the tasks share their dims.</param>
    /// <param name="cotangents">One cotangent c per task, shaped like the output, back to back.</param>
    /// <param name="gradients">Receives one pulled-back gradient per task.</param>
    /// <exception cref="NotSupportedException">The learner has no <c>[Forward]</c> kernels (no <c>[Forward]</c>, or its loops are rolled).</exception>
    public void PredictPullback(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, ReadOnlySpan<T> cotangents, Span<T> gradients)
        => RunForward(thetas, batches, cotangents, gradients, pullback: true);

    private void RunForward(ReadOnlySpan<T> thetas, IReadOnlyList<Batch<T>> batches, ReadOnlySpan<T> cotangents, Span<T> results, bool pullback)
    {
        string method = pullback ? nameof(PredictPullback) : nameof(Predict);
        var forward = _program.Forward
            ?? throw new NotSupportedException($"{_program.Learner} has no generated [Forward] kernels, so {method} does not run on {_device}: only learners with a [Forward] method whose loops are not rolled have them.");
        ArgumentNullException.ThrowIfNull(batches);
        int tasks = batches.Count, count = _program.ParameterCount;
        if (tasks == 0) throw new ArgumentException($"{_program.Learner}: {method} needs at least one task.", nameof(batches));
        long thetaStride = Stride(thetas.Length, tasks, "thetas");
        long inputStride = BindAll(forward.Bind, _forwardDims, _forwardTaskDims, batches);
        long outputLength = forward.OutputLength(_forwardDims);
        if (pullback)
        {
            CheckRows(cotangents.Length, tasks, outputLength, method, "cotangents");
            CheckRows(results.Length, tasks, count, method, "gradients");
        }
        else
        {
            CheckRows(results.Length, tasks, outputLength, method, "outputs");
        }
        long scratch = AlignedScratch(forward.ScratchLength(_forwardDims));
        Pack(batches, inputStride);

        using (_device.Acquire())
        {
            var accelerator = _device.Accelerator;
            var kernel = pullback
                ? _pullback ??= LoadForward(method, forward.PredictPullback)
                : _predict ??= LoadForward(method, forward.Predict);
            var b = _buffers;
            b.Reserve(tasks, count, Math.Max(inputStride, 1), scratch, Math.Max(_forwardDims.Length, 1));
            b.ReserveOutputs(Math.Max(tasks * outputLength, 1));
            var thetaView = b.Upload(b.Thetas, thetas);
            var inputView = b.Upload(b.Inputs, _staging.AsSpan(0, (int)(tasks * inputStride)));
            var dimView = b.Upload(b.Dims, _forwardDims);
            ArrayView<T> outputView = pullback ? b.Upload(b.Outputs, cotangents) : b.Outputs.View;
            var arguments = new ForwardArguments<T>(count, thetaView, thetaStride, inputView, inputStride, dimView,
                outputView, outputLength, b.Results.View, b.Scratch.View, scratch);
            kernel(new KernelConfig(tasks, _groupSize), arguments);
            accelerator.Synchronize();
            ArrayView<T> resultView = pullback ? b.Results.View : b.Outputs.View;
            resultView.SubView(0, results.Length).CopyToCPU(results);
        }
    }

    // Apart from RunForward, so that its lambda's closure is made only when a kernel loads, not on every launch.
    private Action<KernelConfig, ForwardArguments<T>> LoadForward(string kernel, Action<ForwardArguments<T>> entry)
    {
        var accelerator = _device.Accelerator;
        return KernelLoader.Load(_program.Learner, kernel, () => accelerator.LoadStreamKernel(entry));
    }

    private void CheckRows(int length, int tasks, long row, string method, string name)
    {
        if (length != tasks * row)
            throw new ArgumentException($"{_program.Learner}: {method}'s '{name}' for {tasks} tasks need {tasks * row} values ({row} each), got {length}.", name);
    }
}
