using System.Numerics;

namespace MetaDsl.Embedding;

/// <summary>
/// A support set written once as the context of an in-context learner (<see cref="IContextLayout"/>), and the
/// forward pass of queries with it: each query becomes one task of the learner's <c>[Forward]</c> input (the
/// context, then the query), and the learner runs all of them in one call. The context is read-only once built;
/// the tasks are written in per-thread scratch sized on first use, so calls are thread-safe and a warm call
/// allocates nothing.
/// </summary>
/// <typeparam name="TLearner">The in-context learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed class SupportContext<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static Scratch? t_scratch;

    private readonly IContextLayout _layout;
    private readonly T[] _task;
    private readonly int _queryWidth;

    /// <summary>Checks <paramref name="support"/> against <paramref name="layout"/> and writes its context.</summary>
    /// <exception cref="ArgumentException">The learner's forward input is not a stack of tasks, or a support tensor has the wrong shape.</exception>
    public SupportContext(IContextLayout layout, Batch<T> support)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(support);
        var info = TLearner.Info;
        _layout = layout;
        _task = new T[TaskLength(info)];
        _queryWidth = RowWidth(layout.Query, info.Name);
        CheckSupport(layout, support, info.Name);
        layout.WriteContext(support, _task);
    }

    /// <summary>The support tensor <paramref name="index"/> of <paramref name="layout"/> holding <paramref name="values"/> as whole rows of its trailing dims.</summary>
    /// <exception cref="ArgumentException">The values are not whole rows.</exception>
    public static Tensor<T> SupportTensor(IContextLayout layout, int index, ReadOnlySpan<T> values)
    {
        var input = layout.Support[index];
        var shape = new int[input.Dims.Length];
        int width = 1;
        for (int d = 1; d < shape.Length; d++) width *= shape[d] = Dim(input, d, TLearner.Info.Name);
        if (values.Length == 0 || values.Length % width != 0)
            throw new ArgumentException($"{TLearner.Info.Name}: {values.Length} values are not whole rows of support {input} ({width} per row).");
        shape[0] = values.Length / width;
        return new Tensor<T>(values.ToArray(), shape);
    }

    /// <summary>The query tensor holding <paramref name="values"/>: whole query rows.</summary>
    /// <exception cref="ArgumentException">The values are not whole rows.</exception>
    private Tensor<T> QueryTensor(ReadOnlySpan<T> values)
    {
        if (values.Length == 0 || values.Length % _queryWidth != 0)
            throw new ArgumentException($"{TLearner.Info.Name}: {values.Length} values are not whole rows of query {_layout.Query} ({_queryWidth} per row).");
        var shape = new int[_layout.Query.Dims.Length];
        shape[0] = values.Length / _queryWidth;
        for (int d = 1; d < shape.Length; d++) shape[d] = Dim(_layout.Query, d, TLearner.Info.Name);
        return new Tensor<T>(values.ToArray(), shape);
    }

    /// <summary>The predictions for the query rows in <paramref name="values"/>, in a new array.</summary>
    /// <exception cref="ArgumentException">The values are not whole query rows.</exception>
    public T[] Predict(ReadOnlySpan<T> theta, ReadOnlySpan<T> values)
    {
        var forward = Tasks(QueryTensor(values)).Forward;
        var output = new T[TLearner.Info.OutputLength(forward)];
        TLearner.Predict(theta, forward, output);
        return output;
    }

    /// <summary>Runs the learner's forward pass on every query of <paramref name="queries"/> (the batch's one tensor) with this context.</summary>
    public void Predict(ReadOnlySpan<T> theta, Batch<T> queries, Span<T> output)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count != 1)
            throw new ArgumentException($"{TLearner.Info.Name}: a batch of queries holds one tensor, {_layout.Query}; this one holds {queries.Count}.", nameof(queries));
        TLearner.Predict(theta, Tasks(queries[0]).Forward, output);
    }

    /// <summary>The learner's <c>[Loss]</c> of <paramref name="batch"/>: the queries, then the loss's other inputs (the targets), with this context.</summary>
    public T Loss(ReadOnlySpan<T> theta, Batch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int count = TLearner.Info.Inputs.Count;
        if (batch.Count != count)
            throw new ArgumentException($"{TLearner.Info.Name}: its [Loss] takes {count} inputs, so a query batch holds {count} tensors ({_layout.Query} and the rest); this one holds {batch.Count}.", nameof(batch));
        var scratch = Tasks(batch[0]);
        var inputs = scratch.LossInputs;
        for (int i = 1; i < count; i++) inputs[i] = batch[i];
        // Batch keeps the array it is given, so later calls set the targets in place.
        scratch.Loss ??= new Batch<T>(inputs);
        try
        {
            return TLearner.Loss(theta, scratch.Loss);
        }
        finally
        {
            // The scratch outlives the call; it must not keep the caller's tensors alive.
            inputs.AsSpan(1).Clear();
        }
    }

    /// <summary>This thread's tasks for <paramref name="queries"/>, each the context followed by its query.</summary>
    private Scratch Tasks(Tensor<T> queries)
    {
        CheckQueries(queries);
        int count = queries.Shape[0];
        var scratch = t_scratch;
        if (scratch is null || scratch.Count != count) t_scratch = scratch = new Scratch(count, _task.Length);
        var tokens = scratch.Tokens.Data;
        for (int q = 0; q < count; q++)
        {
            var task = tokens.AsSpan(q * _task.Length, _task.Length);
            _task.CopyTo(task);
            _layout.WriteQuery<T>(queries.Data.AsSpan(q * _queryWidth, _queryWidth), task);
        }
        return scratch;
    }

    private void CheckQueries(Tensor<T> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var dims = _layout.Query.Dims;
        bool fits = queries.Rank == dims.Length && queries.Shape[0] > 0;
        for (int d = 1; fits && d < dims.Length; d++) fits = queries.Shape[d] == Dim(_layout.Query, d, TLearner.Info.Name);
        if (!fits)
            throw new ArgumentException($"{TLearner.Info.Name}: query {_layout.Query.Name} has shape [{string.Join(", ", queries.Shape)}], expected [{string.Join(", ", dims)}] with at least one query.");
    }

    private static void CheckSupport(IContextLayout layout, Batch<T> support, string learner)
    {
        var expected = layout.Support;
        if (support.Count != expected.Count)
            throw new ArgumentException($"{learner}: a support set holds {expected.Count} tensors ({string.Join(", ", expected)}); this one holds {support.Count}.", nameof(support));
        var bound = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < expected.Count; i++)
        {
            var dims = expected[i].Dims;
            var shape = support[i].Shape;
            bool fits = shape.Length == dims.Length;
            for (int d = 0; fits && d < dims.Length; d++)
                fits = int.TryParse(dims[d], out int size) ? shape[d] == size : bound.TryAdd(dims[d], shape[d]) || bound[dims[d]] == shape[d];
            if (!fits)
                throw new ArgumentException($"{learner}: support {expected[i].Name} has shape [{string.Join(", ", shape)}], expected [{string.Join(", ", dims)}] (the learner reads the support as context).", nameof(support));
        }
    }

    /// <summary>The values of one task: the learner's one forward input, whose first dim counts tasks and whose other dims are numbers.</summary>
    private static int TaskLength(LearnerInfo info)
    {
        if (info.ForwardInputs.Count != 1)
            throw new ArgumentException($"{info.Name}: an in-context learner's [Forward] takes one input (a stack of tasks); this one takes {info.ForwardInputs.Count}.");
        return RowWidth(info.ForwardInputs[0], info.Name);
    }

    private static int RowWidth(InputInfo input, string learner)
    {
        if (input.Dims.Length < 2 || int.TryParse(input.Dims[0], out _))
            throw new ArgumentException($"{learner}: {input} must have a symbolic count as its first dim and fixed dims after it.");
        int width = 1;
        for (int d = 1; d < input.Dims.Length; d++) width *= Dim(input, d, learner);
        return width;
    }

    private static int Dim(InputInfo input, int d, string learner) =>
        int.TryParse(input.Dims[d], out int size) ? size : throw new ArgumentException($"{learner}: {input} has symbolic dim '{input.Dims[d]}' after its first; only the count may be symbolic.");

    /// <summary>One thread's forward input for a number of queries, and the <c>[Loss]</c> batch that shares it.</summary>
    private sealed class Scratch
    {
        public Scratch(int count, int taskLength)
        {
            Count = count;
            var forward = TLearner.Info.ForwardInputs[0].Dims;
            var shape = new int[forward.Length];
            shape[0] = count;
            for (int d = 1; d < shape.Length; d++) shape[d] = int.Parse(forward[d], System.Globalization.CultureInfo.InvariantCulture);
            Tokens = new Tensor<T>(new T[count * taskLength], shape);
            Forward = new Batch<T>(Tokens);
            LossInputs = new Tensor<T>[TLearner.Info.Inputs.Count];
            LossInputs[0] = Tokens;
        }

        public int Count { get; }

        public Tensor<T> Tokens { get; }

        public Batch<T> Forward { get; }

        public Tensor<T>[] LossInputs { get; }

        /// <summary>Built at the first <c>Loss</c> call, over <see cref="LossInputs"/>.</summary>
        public Batch<T>? Loss { get; set; }
    }
}
