using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Distributed;
using MetaDsl.Kernels;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Averages per-task meta-gradients over a meta-batch on a fixed number of workers. Workers claim
/// tasks one at a time, so a preempted thread delays only the task it holds; each task's gradient
/// lands in its own slot and the slots are summed in task order, so the result is bit-identical
/// for every worker count and every schedule. Several workers run on a shared
/// <see cref="WorkerPool"/>, the calling thread being worker 0. Under <c>mpirun</c> each rank computes
/// its <see cref="Cluster.Share"/> of the tasks and the slots are gathered before the sum, so every
/// rank holds the single-process result, bit for bit, whatever the rank count.
/// </summary>
internal sealed class MetaBatch<T> : WorkerPool.IWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITaskGradient<T>[] _workers;
    private readonly T[] _inputs;
    private readonly int _gradientLength;
    private readonly WorkerPool? _pool;
    private readonly Cluster _cluster = Cluster.Current;
    /// <summary>Per task, its gradient and then its loss: one block to gather.</summary>
    private T[] _slots = [];
    private IReadOnlyList<MetaTask<T>>? _tasks;
    private int _next, _end;

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
        (_next, _end) = _cluster.Share(tasks.Count, _cluster.Rank);
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
        int slot = _gradientLength + 1;
        _cluster.Gather<T>(_slots, tasks.Count, slot);

        _slots.AsSpan(0, _gradientLength).CopyTo(gradient);
        T loss = _slots[_gradientLength];
        for (int i = 1; i < tasks.Count; i++)
        {
            TensorPrimitives.Add(gradient, _slots.AsSpan(i * slot, _gradientLength), gradient);
            loss += _slots[i * slot + _gradientLength];
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
        int slot = _gradientLength + 1;
        for (int i = Interlocked.Increment(ref _next) - 1; i < _end; i = Interlocked.Increment(ref _next) - 1)
            _slots[i * slot + _gradientLength] = worker.Compute(inputs, tasks[i], _slots.AsSpan(i * slot, _gradientLength));
    }

    private void EnsureSlots(int count)
    {
        long length = (long)count * (_gradientLength + 1);
        if (_slots.Length < length) _slots = new T[length];
    }
}
