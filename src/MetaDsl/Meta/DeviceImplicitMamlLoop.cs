using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// iMAML's task steps (<see cref="ImplicitMamlStep{TLearner, T}"/>) for a whole meta-batch on an accelerator, in
/// lockstep: each proximal inner step's support gradients of all tasks are one launch, the query gradients one more,
/// and each conjugate-gradient iteration's H·v (or mixed) products of all tasks one launch, while the host keeps every
/// task's own iterate, residual and stopping rule. A task that has stopped (inner tolerance, CG tolerance or
/// non-positive curvature) keeps its rows and ignores later launches, so each task follows the CPU path's iterations
/// and the mean is taken in task order. Buffers grow to the largest meta-batch seen and are then reused. Not thread-safe.
/// </summary>
internal sealed class DeviceImplicitMamlLoop<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T> _device;
    private readonly ProximalProblem<T> _problem;
    private readonly int _length;
    private readonly TaskBatches<T> _batches = new();
    private T[] _phi = [], _gradient = [], _queryGradient = [], _solution = [], _residual = [], _search = [], _product = [], _losses = [];
    private T[] _rr = [], _threshold = [];
    private bool[] _active = [];
    private int[] _iterations = [];

    public DeviceImplicitMamlLoop(Device device, ImplicitMamlOptions options)
    {
        _device = new DeviceLearner<TLearner, T>(device);
        Calls = new LearnerCalls<TLearner, T>(_device);
        _problem = new ProximalProblem<T>(options, TLearner.Info);
        _length = TLearner.Info.ParameterCount;
    }

    /// <summary>Conjugate-gradient iterations taken by the meta-batch's last task.</summary>
    public int LastConjugateGradientIterations { get; private set; }

    /// <summary>Writes the implicit meta-gradient averaged over <paramref name="tasks"/> and returns the mean query loss at phi*.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        int count = _batches.Fill(tasks);
        Reserve(count);
        Adapt(theta, count);
        _device.MetaLossGradient(Rows(_phi, count), _batches.Queries, Rows(_queryGradient, count), _losses.AsSpan(0, count));
        Solve(count);
        if (_problem.Mask.HasFrozen)
        {
            Product(Rows(_solution, count), count);
            for (int t = 0; t < count; t++) _problem.MetaParameterGradient(Row(_product, t), Row(_queryGradient, t), Row(_solution, t));
        }

        Row(_solution, 0).CopyTo(metaGradient);
        T loss = _losses[0];
        for (int t = 1; t < count; t++)
        {
            TensorPrimitives.Add(metaGradient, Row(_solution, t), metaGradient);
            loss += _losses[t];
        }
        T tasksCount = T.CreateChecked(count);
        TensorPrimitives.Divide(metaGradient, tasksCount, metaGradient);
        LastConjugateGradientIterations = _iterations[count - 1];
        return loss / tasksCount;
    }

    /// <summary>Proximal gradient descent from theta for every task, each stopping at its own tolerance.</summary>
    private void Adapt(ReadOnlySpan<T> theta, int count)
    {
        for (int t = 0; t < count; t++)
        {
            theta.CopyTo(Row(_phi, t));
            _active[t] = true;
        }
        for (int k = 0; k < _problem.InnerSteps && Any(count); k++)
        {
            _device.Gradient(Rows(_phi, count), _batches.Supports, Rows(_gradient, count), _losses.AsSpan(0, count));
            for (int t = 0; t < count; t++)
                if (_active[t]) _active[t] = _problem.Step(Row(_phi, t), theta, Row(_gradient, t), Row(_product, t));
        }
    }

    /// <summary>Conjugate gradient on (I + H/lambda) x = mask(∇L_query) for every task, as <see cref="ConjugateGradient{T}"/> does.</summary>
    private void Solve(int count)
    {
        for (int t = 0; t < count; t++)
        {
            var b = Row(_residual, t);
            Row(_queryGradient, t).CopyTo(b);
            _problem.Mask.Clear<T>(b);
            b.CopyTo(Row(_search, t));
            Row(_solution, t).Clear();
            _rr[t] = TensorPrimitives.Dot<T>(b, b);
            _threshold[t] = _problem.ConjugateGradientTolerance * _problem.ConjugateGradientTolerance * _rr[t];
            _iterations[t] = 0;
            _active[t] = _problem.ConjugateGradientIterations > 0 && _rr[t] > _threshold[t];
        }
        while (Any(count))
        {
            Product(Rows(_search, count), count);
            for (int t = 0; t < count; t++)
            {
                if (!_active[t]) continue;
                var search = Row(_search, t);
                var product = Row(_product, t);
                _problem.Apply(search, product);
                _iterations[t]++;
                T curvature = TensorPrimitives.Dot<T>(search, product);
                if (curvature <= T.Zero)
                {
                    _active[t] = false;
                    continue;
                }
                T step = _rr[t] / curvature;
                var residual = Row(_residual, t);
                TensorPrimitives.MultiplyAdd<T>(search, step, Row(_solution, t), Row(_solution, t));
                TensorPrimitives.MultiplyAdd<T>(product, -step, residual, residual);
                T next = TensorPrimitives.Dot<T>(residual, residual);
                TensorPrimitives.MultiplyAdd<T>(search, next / _rr[t], residual, search);
                _rr[t] = next;
                _active[t] = _iterations[t] < _problem.ConjugateGradientIterations && next > _threshold[t];
            }
        }
    }

    /// <summary>H·v (or the mixed product) at every task's phi*, one v per task, into the product rows.</summary>
    private void Product(ReadOnlySpan<T> directions, int count)
    {
        if (_problem.Mixed) _device.MixedProduct(Rows(_phi, count), _batches.Supports, directions, Rows(_product, count));
        else _device.HessianVectorProduct(Rows(_phi, count), _batches.Supports, directions, Rows(_product, count));
    }

    private bool Any(int count)
    {
        for (int t = 0; t < count; t++)
            if (_active[t]) return true;
        return false;
    }

    private Span<T> Row(T[] rows, int task) => rows.AsSpan(task * _length, _length);

    private Span<T> Rows(T[] rows, int count) => rows.AsSpan(0, count * _length);

    private void Reserve(int count)
    {
        if (_losses.Length >= count) return;
        long rows = (long)count * _length;
        _phi = new T[rows];
        _gradient = new T[rows];
        _queryGradient = new T[rows];
        _solution = new T[rows];
        _residual = new T[rows];
        _search = new T[rows];
        _product = new T[rows];
        _losses = new T[count];
        _rr = new T[count];
        _threshold = new T[count];
        _active = new bool[count];
        _iterations = new int[count];
    }

    /// <summary>This loop's kernels as one-task calls, for test-time adaptation (no second copy of the kernels).</summary>
    public LearnerCalls<TLearner, T> Calls { get; }
}
