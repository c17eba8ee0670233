using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>A meta-batch's support and query batches as the lists a device launch takes, refilled each call without allocating.</summary>
internal sealed class TaskBatches<T> where T : unmanaged
{
    private readonly List<Batch<T>> _supports = [], _queries = [];

    /// <summary>Each task's support set, in task order.</summary>
    public IReadOnlyList<Batch<T>> Supports => _supports;

    /// <summary>Each task's query set, in task order.</summary>
    public IReadOnlyList<Batch<T>> Queries => _queries;

    /// <summary>Refills both lists from <paramref name="tasks"/> and returns the task count.</summary>
    /// <exception cref="ArgumentException">The meta-batch holds no tasks.</exception>
    public int Fill(IReadOnlyList<MetaTask<T>> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("The meta-batch holds no tasks.", nameof(tasks));
        _supports.Clear();
        _queries.Clear();
        foreach (var task in tasks)
        {
            ArgumentNullException.ThrowIfNull(task);
            _supports.Add(task.Support);
            _queries.Add(task.Query);
        }
        return tasks.Count;
    }
}
