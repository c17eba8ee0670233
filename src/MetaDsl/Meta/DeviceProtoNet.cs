using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// ProtoNet's meta-gradient for a whole meta-batch on an accelerator, through the learner's generated <c>[Forward]</c>
/// kernels: every task's support set is embedded in one launch and every query set in another; the host scores each
/// task from its embeddings with the CPU path's <see cref="ProtoNetStep{TLearner, T}.Score"/> (prototypes, loss and
/// dLoss/dEmbeddings, a few values per example); the supports' and the queries' cotangents are pulled back to theta in
/// one launch each. Averaged in task order as <see cref="MetaBatch{T}"/> does, so the results are the CPU path's.
/// The support sets of a meta-batch share their shapes, and so do the query sets. Buffers grow to the largest
/// meta-batch seen and are then reused. Not thread-safe.
/// </summary>
internal sealed class DeviceProtoNet<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T> _device;
    private readonly ProtoNetStep<TLearner, T> _step;
    private readonly int _length;
    private readonly List<EmbeddingBindings<T>> _supportBindings = [], _queryBindings = [];
    private readonly List<Batch<T>> _supports = [], _queries = [];
    private T[] _supportEmbeddings = [], _queryEmbeddings = [], _supportCotangents = [], _queryCotangents = [];
    private T[] _supportGradients = [], _queryGradients = [];

    /// <summary>Loads the learner's kernels on <paramref name="device"/>; <paramref name="step"/> scores the embeddings.</summary>
    /// <exception cref="NotSupportedException">The learner has no <c>[Forward]</c> device kernels.</exception>
    public DeviceProtoNet(Device device, ProtoNetStep<TLearner, T> step)
    {
        _device = new DeviceLearner<TLearner, T>(device);
        if (!_device.HasForwardKernels)
        {
            _device.Dispose();
            throw new NotSupportedException($"{TLearner.Info.Name} has no generated [Forward] device kernels (its [Forward] loops are rolled on the CPU), so ProtoNet cannot run on {device}.");
        }
        _step = step;
        _length = TLearner.Info.ParameterCount;
    }

    /// <summary>Writes the gradient averaged over <paramref name="tasks"/> and returns the mean query loss.</summary>
    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        int count = Bind(tasks);
        int supportLength = _supportBindings[0].Embeddings.Length, queryLength = _queryBindings[0].Embeddings.Length;
        Reserve(count, supportLength, queryLength);
        var supportEmbeddings = _supportEmbeddings.AsSpan(0, count * supportLength);
        var queryEmbeddings = _queryEmbeddings.AsSpan(0, count * queryLength);
        var supportCotangents = _supportCotangents.AsSpan(0, count * supportLength);
        var queryCotangents = _queryCotangents.AsSpan(0, count * queryLength);
        _device.Predict(theta, _supports, supportEmbeddings);
        _device.Predict(theta, _queries, queryEmbeddings);

        T loss = T.Zero;
        for (int t = 0; t < count; t++)
        {
            var support = supportEmbeddings.Slice(t * supportLength, supportLength);
            var query = queryEmbeddings.Slice(t * queryLength, queryLength);
            loss += _step.Score(_supportBindings[t], _queryBindings[t], support, query,
                supportCotangents.Slice(t * supportLength, supportLength), queryCotangents.Slice(t * queryLength, queryLength), withGradient: true, out _);
        }

        var supportGradients = _supportGradients.AsSpan(0, count * _length);
        var queryGradients = _queryGradients.AsSpan(0, count * _length);
        _device.PredictPullback(theta, _supports, supportCotangents, supportGradients);
        _device.PredictPullback(theta, _queries, queryCotangents, queryGradients);
        // Each task's gradient is its support pull-back plus its query pull-back, as ProtoNetStep.Compute adds them;
        // the tasks are then summed in order and divided, as MetaBatch averages the CPU path's.
        TensorPrimitives.Add(supportGradients, queryGradients, supportGradients);
        supportGradients[.._length].CopyTo(metaGradient);
        for (int t = 1; t < count; t++) TensorPrimitives.Add(metaGradient, supportGradients.Slice(t * _length, _length), metaGradient);
        T tasksCount = T.CreateChecked(count);
        TensorPrimitives.Divide(metaGradient, tasksCount, metaGradient);
        return loss / tasksCount;
    }

    /// <summary>Binds every task's support and query sets and lists their <c>[Forward]</c> inputs; returns the task count.</summary>
    private int Bind(IReadOnlyList<MetaTask<T>> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("The meta-batch holds no tasks.", nameof(tasks));
        _supportBindings.Clear();
        _queryBindings.Clear();
        _supports.Clear();
        _queries.Clear();
        foreach (var task in tasks)
        {
            var (support, query) = _step.Prepare(task);
            _supportBindings.Add(support);
            _queryBindings.Add(query);
            _supports.Add(support.Forward);
            _queries.Add(query.Forward);
        }
        return tasks.Count;
    }

    private void Reserve(int count, int supportLength, int queryLength)
    {
        Fit(ref _supportEmbeddings, count * supportLength);
        Fit(ref _supportCotangents, count * supportLength);
        Fit(ref _queryEmbeddings, count * queryLength);
        Fit(ref _queryCotangents, count * queryLength);
        Fit(ref _supportGradients, count * _length);
        Fit(ref _queryGradients, count * _length);
    }

    private static void Fit(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
