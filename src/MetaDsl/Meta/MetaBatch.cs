using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Averages per-task meta-gradients over a meta-batch, split across a fixed number of workers.
/// Worker w always takes tasks [w·n/P, (w+1)·n/P) and sums them in task order, and the partial
/// sums are added in worker order, so a given worker count gives bit-identical results run to run,
/// whichever thread happens to run a partition. Several workers run on a shared
/// <see cref="WorkerPool"/>, the calling thread taking partition 0.
/// </summary>
internal sealed class MetaBatch<T> : WorkerPool.IWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITaskGradient<T>[] _workers;
    private readonly T[] _inputs;
    private readonly T[][] _sums;
    private readonly T[][] _taskGradients;
    private readonly T[] _losses;
    private readonly WorkerPool? _pool;
    private IReadOnlyList<MetaTask<T>>? _tasks;

    /// <summary>Allocates every buffer the meta-batch needs, once, and starts the pool's threads on first use of its size.</summary>
    public MetaBatch(ITaskGradient<T>[] workers, int inputLength, int gradientLength)
    {
        _workers = workers;
        _inputs = new T[inputLength];
        _sums = new T[workers.Length][];
        _taskGradients = new T[workers.Length][];
        for (int w = 0; w < workers.Length; w++)
        {
            _sums[w] = new T[gradientLength];
            _taskGradients[w] = new T[gradientLength];
        }
        _losses = new T[workers.Length];
        _pool = workers.Length > 1 ? WorkerPool.Shared(workers.Length) : null;
    }

    /// <summary>The worker that single-task calls run on.</summary>
    public ITaskGradient<T> First => _workers[0];

    /// <summary>The shared, read-only-while-running inputs (theta, or theta and learning rates); fill before <see cref="Average"/>.</summary>
    public Span<T> Inputs => _inputs;

    /// <summary>The number of workers.</summary>
    public int Workers => _workers.Length;

    /// <summary>Writes the mean meta-gradient over <paramref name="tasks"/> and returns the mean loss.</summary>
    public T Average(IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("The meta-batch holds no tasks.", nameof(tasks));
        _tasks = tasks;
        try
        {
            // One worker runs inline: no thread hand-off at all.
            if (_pool is null) RunPartition(0, _inputs);
            else _pool.Run(this);
        }
        finally
        {
            _tasks = null;
        }

        _sums[0].CopyTo(gradient);
        T loss = _losses[0];
        for (int w = 1; w < _workers.Length; w++)
        {
            TensorPrimitives.Add(gradient, _sums[w], gradient);
            loss += _losses[w];
        }
        T count = T.CreateChecked(tasks.Count);
        TensorPrimitives.Divide(gradient, count, gradient);
        return loss / count;
    }

    void WorkerPool.IWork.Run(int worker) => RunPartition(worker, _inputs);

    private void RunPartition(int w, ReadOnlySpan<T> inputs)
    {
        var tasks = _tasks!;
        int n = tasks.Count, p = _workers.Length;
        int start = (int)((long)w * n / p), end = (int)((long)(w + 1) * n / p);
        var sum = _sums[w];
        var taskGradient = _taskGradients[w];
        Array.Clear(sum);
        T loss = T.Zero;
        for (int i = start; i < end; i++)
        {
            loss += _workers[w].Compute(inputs, tasks[i], taskGradient);
            TensorPrimitives.Add(sum, taskGradient, sum);
        }
        _losses[w] = loss;
    }
}
