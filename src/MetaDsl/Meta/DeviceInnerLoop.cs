using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// MAML's and ANIL's inner loop and meta-gradient for a whole meta-batch on an accelerator, through the
/// learner's generated kernels: every support gradient, query gradient and H·v (mixed product) of all
/// tasks is one launch, one task per group, while the host takes the steps between launches. It runs
/// the recurrence of <see cref="InnerLoop{TLearner, T}"/> — theta_{k+1} = theta_k − a_k mask(∇L_support),
/// g_K = ∇L_query(theta_K) (the [MetaLoss] where the learner has one), g_k = g_{k+1} − P(theta_k)(a_k mask(g_{k+1})) (+ w_k ∇L_query(theta_k)) — for
/// all tasks in lockstep, and averages in task order as <see cref="MetaBatch{T}"/> does, so its results are the CPU path's.
/// Buffers grow to the largest meta-batch seen and are then reused. Not thread-safe.
/// </summary>
internal sealed class DeviceInnerLoop<TLearner, T> : IDisposable
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T> _device;
    private readonly int _steps, _length;
    private readonly T[] _stepRates;
    private readonly T[]? _queryWeights;
    private readonly ParameterMask _mask;
    private readonly bool _secondOrder, _mixed;
    private T[][] _thetas = [];
    private T[] _gradients = [], _adjoints = [], _directions = [], _products = [], _losses = [], _extraLosses = [];
    private readonly List<Batch<T>> _supports = [], _queries = [];

    public DeviceInnerLoop(Device device, int steps, T[] stepRates, ParameterMask mask, MetaGradientOrder order, T[]? queryWeights)
    {
        _device = new DeviceLearner<TLearner, T>(device);
        _steps = steps;
        _stepRates = stepRates;
        _mask = mask;
        _secondOrder = order == MetaGradientOrder.Second;
        _queryWeights = queryWeights;
        _length = TLearner.Info.ParameterCount;
        _mixed = TLearner.Info.MetaParameterCount > 0;
    }

    /// <summary>
    /// Writes the meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss after adaptation.
    /// <paramref name="theta"/> is the start every task shares, or one start per task back to back (ML³'s fresh models).
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("The meta-batch holds no tasks.", nameof(tasks));
        bool perTask = theta.Length == (long)tasks.Count * _length && tasks.Count > 1;
        if (!perTask) Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(metaGradient, _length, TLearner.Info.Name, nameof(metaGradient));
        int count = tasks.Count;
        Reserve(count);
        _supports.Clear();
        _queries.Clear();
        foreach (var task in tasks)
        {
            ArgumentNullException.ThrowIfNull(task);
            _supports.Add(task.Support);
            _queries.Add(task.Query);
        }

        var rows = (long)count * _length;
        if (perTask) theta.CopyTo(_thetas[0]);
        else for (int t = 0; t < count; t++) theta.CopyTo(_thetas[0].AsSpan(t * _length, _length));
        for (int k = 0; k < _steps; k++)
        {
            _device.Gradient(Rows(_thetas[k], rows), _supports, Rows(_gradients, rows), Rows(_losses, count));
            MaskRows(_gradients, count);
            TensorPrimitives.MultiplyAdd(Rows(_gradients, rows), -_stepRates[k], Rows(_thetas[k], rows), Rows(_thetas[k + 1], rows));
        }

        var adjoints = Rows(_adjoints, rows);
        var losses = Rows(_losses, count);
        _device.MetaLossGradient(Rows(_thetas[_steps], rows), _queries, adjoints, losses);
        if (_queryWeights is { } weights)
        {
            TensorPrimitives.Multiply(losses, weights[_steps], losses);
            TensorPrimitives.Multiply(adjoints, weights[_steps], adjoints);
        }
        for (int k = _steps - 1; k >= 0 && (_secondOrder || _queryWeights is not null); k--)
        {
            if (_secondOrder)
            {
                TensorPrimitives.Multiply(adjoints, _stepRates[k], Rows(_directions, rows));
                MaskRows(_directions, count);
                if (_mixed) _device.MixedProduct(Rows(_thetas[k], rows), _supports, Rows(_directions, rows), Rows(_products, rows));
                else _device.HessianVectorProduct(Rows(_thetas[k], rows), _supports, Rows(_directions, rows), Rows(_products, rows));
                TensorPrimitives.Subtract(adjoints, Rows(_products, rows), adjoints);
            }
            if (_queryWeights is { } w && w[k] != T.Zero)
            {
                _device.MetaLossGradient(Rows(_thetas[k], rows), _queries, Rows(_products, rows), Rows(_extraLosses, count));
                TensorPrimitives.MultiplyAdd(Rows(_extraLosses, count), w[k], losses, losses);
                TensorPrimitives.MultiplyAdd(Rows(_products, rows), w[k], adjoints, adjoints);
            }
        }

        // Summed in task order and then divided, as MetaBatch averages the CPU path's task gradients.
        adjoints[.._length].CopyTo(metaGradient);
        T loss = losses[0];
        for (int t = 1; t < count; t++)
        {
            TensorPrimitives.Add(metaGradient, adjoints.Slice(t * _length, _length), metaGradient);
            loss += losses[t];
        }
        T tasksCount = T.CreateChecked(count);
        TensorPrimitives.Divide(metaGradient, tasksCount, metaGradient);
        return loss / tasksCount;
    }

    public void Dispose() => _device.Dispose();

    private void MaskRows(T[] rows, int count)
    {
        for (int t = 0; t < count; t++) _mask.Clear<T>(rows.AsSpan(t * _length, _length));
    }

    private static Span<T> Rows(T[] buffer, long length) => buffer.AsSpan(0, (int)length);

    private void Reserve(int count)
    {
        long rows = (long)count * _length;
        if (_losses.Length >= count) return;
        _thetas = new T[_steps + 1][];
        for (int k = 0; k <= _steps; k++) _thetas[k] = new T[rows];
        _gradients = new T[rows];
        _adjoints = new T[rows];
        _directions = new T[rows];
        _products = new T[rows];
        _losses = new T[count];
        _extraLosses = new T[count];
    }
}
