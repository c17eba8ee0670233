using System.Runtime.ExceptionServices;

namespace MetaDsl.Kernels;

/// <summary>
/// A fixed set of background threads that run one partitioned job at a time, with the calling
/// thread as worker 0. A meta-batch is about a millisecond of work: <c>Parallel.For</c> allocates
/// on every call and wakes pool threads too slowly for that, and since kernel scratch is per
/// thread, a changing set of threads would also allocate fresh scratch. Here the same threads
/// always run the same partitions, and a warm job allocates nothing. A job started from inside a
/// job (a large GEMM in a task of a meta-batch) runs its partitions on the calling thread: the cores
/// are busy already.
/// </summary>
/// <remarks>
/// A job is published by bumping a generation counter; waiting threads spin briefly (back-to-back
/// meta-steps arrive within microseconds) and then block on a monitor, so an idle pool costs no CPU.
/// Completion is a countdown of the workers still running.
/// </remarks>
internal sealed class WorkerPool
{
    /// <summary>
    /// <see cref="SpinWait"/> rounds before a waiting thread blocks: the first ten spin, the rest
    /// yield, about a hundred microseconds in all. Long enough to bridge an optimizer step between
    /// meta-steps, short enough not to hold a core when training stops.
    /// </summary>
    private const int SpinRounds = 100;

    private static readonly Lock s_poolsLock = new();

    /// <summary>Whether this thread is running a partition of some pool's job.</summary>
    [ThreadStatic] private static bool t_inJob;
    private static WorkerPool?[] s_pools = [];

    /// <summary>Workers block here until a new generation is published.</summary>
    private readonly object _start = new();

    /// <summary>The caller blocks here until the last worker finishes.</summary>
    private readonly object _finish = new();

    private readonly Exception?[] _errors;
    private IWork? _work;
    private int _generation;
    private int _pending;
    private int _sleepingWorkers;
    private int _callerSleeping;
    private int _busy;

    private WorkerPool(int workers)
    {
        Workers = workers;
        _errors = new Exception?[workers];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            new Thread(() => Serve(worker)) { IsBackground = true, Name = $"MetaDsl worker {w}/{workers}" }.Start();
        }
    }

    /// <summary>A job split into <see cref="Workers"/> partitions.</summary>
    public interface IWork
    {
        /// <summary>Runs partition <paramref name="worker"/>; partitions run concurrently and must not share mutable state.</summary>
        void Run(int worker);
    }

    /// <summary>The number of partitions a job is split into, the caller included.</summary>
    public int Workers { get; }

    /// <summary>The pool for <paramref name="workers"/> partitions, its threads started on first request.</summary>
    public static WorkerPool Shared(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 2);
        lock (s_poolsLock)
        {
            if (s_pools.Length <= workers)
            {
                Array.Resize(ref s_pools, workers + 1);
            }
            return s_pools[workers] ??= new WorkerPool(workers);
        }
    }

    /// <summary>
    /// Runs <c>work.Run(w)</c> for every w &lt; <see cref="Workers"/>, partition 0 on this thread, and
    /// returns when all are done. If any partition threw, rethrows the exception of the lowest
    /// such partition, as the one-thread run would have.
    /// </summary>
    public void Run(IWork work)
    {
        if (t_inJob || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // A partition started a job, or another caller holds the pool: run every partition
            // here rather than wait, which could deadlock or oversubscribe the cores. The
            // partitions are the same, so are the results.
            for (int w = 0; w < Workers; w++)
            {
                work.Run(w);
            }
            return;
        }
        t_inJob = true;
        try
        {
            _work = work;
            Volatile.Write(ref _pending, Workers - 1);
            // The full fence orders the writes above before the new generation, and the new
            // generation before the read of _sleepingWorkers (paired with the fence in AwaitJob).
            Interlocked.Increment(ref _generation);
            if (Volatile.Read(ref _sleepingWorkers) > 0)
            {
                lock (_start)
                {
                    Monitor.PulseAll(_start);
                }
            }
            try
            {
                work.Run(0);
            }
            catch (Exception e)
            {
                _errors[0] = e;
            }
            AwaitWorkers();
            _work = null;
            RethrowFirstError();
        }
        finally
        {
            t_inJob = false;
            Volatile.Write(ref _busy, 0);
        }
    }

    private void Serve(int worker)
    {
        t_inJob = true;
        int generation = 0;
        while (true)
        {
            generation = AwaitJob(generation);
            try
            {
                _work!.Run(worker);
            }
            catch (Exception e)
            {
                _errors[worker] = e;
            }
            // Past this decrement the caller may publish the next job: touch nothing of this one.
            if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerSleeping) != 0)
            {
                lock (_finish)
                {
                    Monitor.Pulse(_finish);
                }
            }
        }
    }

    /// <summary>Waits for a generation after <paramref name="seen"/> and returns it.</summary>
    private int AwaitJob(int seen)
    {
        var spin = new SpinWait();
        while (spin.Count < SpinRounds)
        {
            int generation = Volatile.Read(ref _generation);
            if (generation != seen)
            {
                return generation;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
        lock (_start)
        {
            // Announce the sleep with a full fence before the last look: either Run sees the
            // announcement and pulses, or this look sees Run's new generation.
            Interlocked.Increment(ref _sleepingWorkers);
            int generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                Monitor.Wait(_start);
            }
            Interlocked.Decrement(ref _sleepingWorkers);
            return generation;
        }
    }

    private void AwaitWorkers()
    {
        var spin = new SpinWait();
        while (spin.Count < SpinRounds)
        {
            if (Volatile.Read(ref _pending) == 0)
            {
                return;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
        lock (_finish)
        {
            // Same handshake as AwaitJob, with the last worker's decrement.
            Interlocked.Exchange(ref _callerSleeping, 1);
            while (Volatile.Read(ref _pending) != 0)
            {
                Monitor.Wait(_finish);
            }
            Volatile.Write(ref _callerSleeping, 0);
        }
    }

    private void RethrowFirstError()
    {
        Exception? first = null;
        for (int w = 0; w < _errors.Length; w++)
        {
            first ??= _errors[w];
            _errors[w] = null;
        }
        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
