using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Reptile's inner loops for a whole meta-batch on an accelerator, through the learner's generated kernels: each
/// step's support gradients of all tasks are one launch, one task per group, the host takes the SGD steps between
/// launches, and the query losses at theta_K are one more. The direction theta − theta_K is averaged in task order as
/// <see cref="MetaBatch{T}"/> does, so the results are the CPU path's. Buffers grow to the largest meta-batch seen and
/// are then reused. Not thread-safe.
/// </summary>
internal sealed class DeviceReptileLoop<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T> _device;
    private readonly int _steps, _length, _batchSize;
    private readonly T _rate;
    private readonly ParameterMask _mask;
    private readonly List<SupportMinibatch<T>> _windows = [];
    private readonly TaskBatches<T> _batches = new();
    private readonly List<Batch<T>> _stepSupports = [];
    private T[] _thetas = [], _gradients = [], _losses = [];

    public DeviceReptileLoop(Device device, ReptileOptions options)
    {
        _device = new DeviceLearner<TLearner, T>(device);
        Calls = new LearnerCalls<TLearner, T>(_device);
        _steps = options.InnerSteps;
        _rate = T.CreateChecked(options.InnerLearningRate);
        _batchSize = options.InnerBatchSize;
        _length = TLearner.Info.ParameterCount;
        _mask = ParameterMask.ForMetaParameters(TLearner.Info);
    }

    /// <summary>Writes the mean of theta − theta_K over <paramref name="tasks"/> and returns the mean query loss at the adapted parameters.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> direction)
    {
        int count = _batches.Fill(tasks);
        Reserve(count);
        var thetas = _thetas.AsSpan(0, count * _length);
        var gradients = _gradients.AsSpan(0, count * _length);
        var losses = _losses.AsSpan(0, count);
        for (int t = 0; t < count; t++) theta.CopyTo(thetas.Slice(t * _length, _length));
        for (int k = 0; k < _steps; k++)
        {
            var supports = _batches.Supports;
            if (_batchSize > 0)
            {
                _stepSupports.Clear();
                for (int t = 0; t < count; t++) _stepSupports.Add(_windows[t].Window(tasks[t].Support, k * _batchSize));
                supports = _stepSupports;
            }
            _device.Gradient(thetas, supports, gradients, losses);
            for (int t = 0; t < count; t++) _mask.Clear<T>(gradients.Slice(t * _length, _length));
            TensorPrimitives.MultiplyAdd(gradients, -_rate, thetas, thetas);
        }
        _device.Loss(thetas, _batches.Queries, losses);

        // Summed in task order and then divided, as MetaBatch averages the CPU path's task directions.
        TensorPrimitives.Subtract(theta, thetas[.._length], direction);
        T loss = losses[0];
        for (int t = 1; t < count; t++)
        {
            var adapted = thetas.Slice(t * _length, _length);
            for (int i = 0; i < _length; i++) direction[i] += theta[i] - adapted[i];
            loss += losses[t];
        }
        T tasksCount = T.CreateChecked(count);
        TensorPrimitives.Divide(direction, tasksCount, direction);
        return loss / tasksCount;
    }

    private void Reserve(int count)
    {
        while (_batchSize > 0 && _windows.Count < count) _windows.Add(new SupportMinibatch<T>(_batchSize));
        if (_losses.Length >= count) return;
        _thetas = new T[count * _length];
        _gradients = new T[count * _length];
        _losses = new T[count];
    }

    /// <summary>This loop's kernels as one-task calls, for test-time adaptation (no second copy of the kernels).</summary>
    public LearnerCalls<TLearner, T> Calls { get; }
}
