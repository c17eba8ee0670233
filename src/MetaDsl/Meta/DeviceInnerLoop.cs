using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// MAML's, ANIL's, ML³'s, Meta-SGD's and BMG's inner loop and meta-gradient for a whole meta-batch on an accelerator, through the
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
    private readonly bool _secondOrder, _mixed, _vectorRates;
    private T[][] _thetas = [], _supportGradients = [];
    private T[] _adjoints = [], _directions = [], _products = [], _rateGradients = [], _losses = [], _extraLosses = [];
    private readonly TaskBatches<T> _batches = new();
    private readonly DeviceBootstrappedTarget<TLearner, T>? _bootstrap;

    /// <summary>
    /// Steps of size <paramref name="stepRates"/>[k], or, with <paramref name="vectorRates"/> (Meta-SGD), of one learned
    /// size per entry of theta, given to each call; then the rates' meta-gradient is written too. With
    /// <paramref name="bootstrapSteps"/> (BMG) the objective at θ_K is the matching loss to a bootstrapped target instead
    /// of the query loss, as <see cref="BootstrappedTarget{TLearner, T}"/> makes it on the CPU.
    /// </summary>
    public DeviceInnerLoop(Device device, int steps, T[] stepRates, ParameterMask mask, MetaGradientOrder order, T[]? queryWeights, bool vectorRates = false,
        int? bootstrapSteps = null, BootstrapMatching matching = BootstrapMatching.SquaredDistance)
    {
        _device = new DeviceLearner<TLearner, T>(device);
        Calls = new LearnerCalls<TLearner, T>(_device);
        if (bootstrapSteps is { } bootstrap) _bootstrap = new DeviceBootstrappedTarget<TLearner, T>(_device, bootstrap, stepRates[^1], mask, matching);
        _steps = steps;
        _stepRates = stepRates;
        _mask = mask;
        _secondOrder = order == MetaGradientOrder.Second;
        _queryWeights = queryWeights;
        _vectorRates = vectorRates;
        _length = TLearner.Info.ParameterCount;
        _mixed = TLearner.Info.MetaParameterCount > 0;
    }

    /// <summary>
    /// Writes the meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss after adaptation.
    /// <paramref name="theta"/> is the start every task shares, or one start per task back to back (ML³'s fresh models).
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
        => Run(theta, default, tasks, metaGradient, default);

    /// <summary>Meta-SGD's: steps of the learned sizes <paramref name="rates"/>, and the mean meta-gradient of theta and of the rates.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates, IReadOnlyList<MetaTask<T>> tasks, Span<T> thetaGradient, Span<T> rateGradient)
    {
        Guard.Length(rates, _length, TLearner.Info.Name, "learningRates");
        Guard.Length<T>(rateGradient, _length, TLearner.Info.Name, nameof(rateGradient));
        return Run(theta, rates, tasks, thetaGradient, rateGradient);
    }

    private T Run(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient, Span<T> rateGradient)
    {
        int count = _batches.Fill(tasks);
        bool perTask = theta.Length == (long)count * _length && count > 1;
        if (!perTask) Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(metaGradient, _length, TLearner.Info.Name, nameof(metaGradient));
        Reserve(count);
        var (supports, queries) = (_batches.Supports, _batches.Queries);

        var rows = (long)count * _length;
        if (perTask) theta.CopyTo(_thetas[0]);
        else for (int t = 0; t < count; t++) theta.CopyTo(_thetas[0].AsSpan(t * _length, _length));
        for (int k = 0; k < _steps; k++)
        {
            var gradients = Rows(SupportGradients(k), rows);
            _device.Gradient(Rows(_thetas[k], rows), supports, gradients, Rows(_losses, count));
            MaskRows(gradients, count);
            if (!_vectorRates) TensorPrimitives.MultiplyAdd(gradients, -_stepRates[k], Rows(_thetas[k], rows), Rows(_thetas[k + 1], rows));
            else
                for (int t = 0; t < count; t++)
                {
                    var product = _products.AsSpan(t * _length, _length);
                    TensorPrimitives.Multiply(gradients.Slice(t * _length, _length), rates, product);
                    TensorPrimitives.Subtract(_thetas[k].AsSpan(t * _length, _length), product, _thetas[k + 1].AsSpan(t * _length, _length));
                }
        }

        var adjoints = Rows(_adjoints, rows);
        var losses = Rows(_losses, count);
        var rateGradients = Rows(_rateGradients, _vectorRates ? rows : 0);
        if (_bootstrap is not null) _bootstrap.Gradient(Rows(_thetas[_steps], rows), supports, queries, adjoints, losses);
        else _device.MetaLossGradient(Rows(_thetas[_steps], rows), queries, adjoints, losses);
        if (_queryWeights is { } weights)
        {
            TensorPrimitives.Multiply(losses, weights[_steps], losses);
            TensorPrimitives.Multiply(adjoints, weights[_steps], adjoints);
        }
        rateGradients.Clear();
        for (int k = _steps - 1; k >= 0 && (_secondOrder || _queryWeights is not null || _vectorRates); k--)
        {
            if (_vectorRates)
            {
                // d/da accumulates −∇L_support(theta_k) ⊙ g_{k+1}; support gradients are already masked.
                TensorPrimitives.Multiply(Rows(SupportGradients(k), rows), adjoints, Rows(_products, rows));
                TensorPrimitives.Subtract(rateGradients, Rows(_products, rows), rateGradients);
            }
            if (_secondOrder)
            {
                if (!_vectorRates) TensorPrimitives.Multiply(adjoints, _stepRates[k], Rows(_directions, rows));
                else for (int t = 0; t < count; t++) TensorPrimitives.Multiply(adjoints.Slice(t * _length, _length), rates, _directions.AsSpan(t * _length, _length));
                MaskRows(Rows(_directions, rows), count);
                if (_mixed) _device.MixedProduct(Rows(_thetas[k], rows), supports, Rows(_directions, rows), Rows(_products, rows));
                else _device.HessianVectorProduct(Rows(_thetas[k], rows), supports, Rows(_directions, rows), Rows(_products, rows));
                TensorPrimitives.Subtract(adjoints, Rows(_products, rows), adjoints);
            }
            if (_queryWeights is { } w && w[k] != T.Zero)
            {
                _device.MetaLossGradient(Rows(_thetas[k], rows), queries, Rows(_products, rows), Rows(_extraLosses, count));
                TensorPrimitives.MultiplyAdd(Rows(_extraLosses, count), w[k], losses, losses);
                TensorPrimitives.MultiplyAdd(Rows(_products, rows), w[k], adjoints, adjoints);
            }
        }

        // Summed in task order and then divided, as MetaBatch averages the CPU path's task gradients.
        Average(adjoints, count, metaGradient);
        if (_vectorRates) Average(rateGradients, count, rateGradient);
        T loss = losses[0];
        for (int t = 1; t < count; t++) loss += losses[t];
        return loss / T.CreateChecked(count);
    }

    private void Average(ReadOnlySpan<T> rows, int count, Span<T> mean)
    {
        rows[.._length].CopyTo(mean);
        for (int t = 1; t < count; t++) TensorPrimitives.Add(mean, rows.Slice(t * _length, _length), mean);
        TensorPrimitives.Divide(mean, T.CreateChecked(count), mean);
    }

    /// <summary>Step k's support gradients: kept for every step with vector rates (the rates' gradient reads them), else one buffer reused.</summary>
    private T[] SupportGradients(int k) => _supportGradients[_vectorRates ? k : 0];

    public void Dispose() => _device.Dispose();

    private void MaskRows(Span<T> rows, int count)
    {
        for (int t = 0; t < count; t++) _mask.Clear<T>(rows.Slice(t * _length, _length));
    }

    private static Span<T> Rows(T[] buffer, long length) => buffer.AsSpan(0, (int)length);

    private void Reserve(int count)
    {
        long rows = (long)count * _length;
        if (_losses.Length >= count) return;
        _thetas = new T[_steps + 1][];
        for (int k = 0; k <= _steps; k++) _thetas[k] = new T[rows];
        _supportGradients = new T[_vectorRates ? _steps : 1][];
        for (int k = 0; k < _supportGradients.Length; k++) _supportGradients[k] = new T[rows];
        _rateGradients = _vectorRates ? new T[rows] : [];
        _adjoints = new T[rows];
        _directions = new T[rows];
        _products = new T[rows];
        _losses = new T[count];
        _extraLosses = new T[count];
    }

    /// <summary>This loop's kernels as one-task calls, for test-time adaptation (no second copy of the kernels).</summary>
    public LearnerCalls<TLearner, T> Calls { get; }
}
