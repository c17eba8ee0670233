using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Averages per-task meta-gradients over a meta-batch on a fixed number of workers. Workers claim
/// tasks one at a time, so a preempted thread delays only the task it holds; each task's gradient
/// lands in its own slot and the slots are summed in task order, so the result is bit-identical
/// for every worker count and every schedule. Several workers run on a shared
/// <see cref="WorkerPool"/>, the calling thread being worker 0.
/// </summary>
internal sealed class MetaBatch<T> : WorkerPool.IWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITaskGradient<T>[] _workers;
    private readonly T[] _inputs;
    private readonly int _gradientLength;
    private readonly WorkerPool? _pool;
    private T[][] _taskGradients = [];
    private T[] _taskLosses = [];
    private IReadOnlyList<MetaTask<T>>? _tasks;
    private int _next;

    /// <summary>Allocates the shared buffers once and starts the pool's threads on first use of its size; per-task slots grow with the largest meta-batch seen.</summary>
    public MetaBatch(ITaskGradient<T>[] workers, int inputLength, int gradientLength)
    {
        _workers = workers;
        _inputs = new T[inputLength];
        _gradientLength = gradientLength;
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
        EnsureSlots(tasks.Count);
        _tasks = tasks;
        _next = 0;
        try
        {
            // One worker runs inline: no thread hand-off at all.
            if (_pool is null) RunWorker(0);
            else _pool.Run(this);
        }
        finally
        {
            _tasks = null;
        }

        _taskGradients[0].CopyTo(gradient);
        T loss = _taskLosses[0];
        for (int i = 1; i < tasks.Count; i++)
        {
            TensorPrimitives.Add(gradient, _taskGradients[i], gradient);
            loss += _taskLosses[i];
        }
        T count = T.CreateChecked(tasks.Count);
        TensorPrimitives.Divide(gradient, count, gradient);
        return loss / count;
    }

    void WorkerPool.IWork.Run(int worker) => RunWorker(worker);

    private void RunWorker(int w)
    {
        var tasks = _tasks!;
        var worker = _workers[w];
        ReadOnlySpan<T> inputs = _inputs;
        for (int i = Interlocked.Increment(ref _next) - 1; i < tasks.Count; i = Interlocked.Increment(ref _next) - 1)
            _taskLosses[i] = worker.Compute(inputs, tasks[i], _taskGradients[i]);
    }

    private void EnsureSlots(int count)
    {
        if (_taskGradients.Length >= count) return;
        var grown = new T[count][];
        _taskGradients.CopyTo(grown, 0);
        for (int i = _taskGradients.Length; i < count; i++) grown[i] = new T[_gradientLength];
        _taskGradients = grown;
        _taskLosses = new T[count];
    }
}
