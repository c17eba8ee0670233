using System.Numerics;

namespace MetaDsl.Embedding;

/// <summary>
/// A learner adapted to one task: immutable parameters and the learner's forward pass, and for an in-context
/// learner the support set it reads as context. Safe to share across threads (generated programs keep their
/// scratch in per-thread workspaces).
/// </summary>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdaptedModel<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _theta;
    private readonly SupportContext<TLearner, T>? _context;

    /// <summary>Takes ownership of <paramref name="theta"/>; nothing else may write it.</summary>
    internal AdaptedModel(T[] theta) => _theta = theta;

    /// <summary>An in-context learner at <paramref name="theta"/> (read-only, may be shared) with <paramref name="context"/>.</summary>
    internal AdaptedModel(T[] theta, SupportContext<TLearner, T> context)
    {
        _theta = theta;
        _context = context;
    }

    /// <summary>The adapted parameters (flat, in the learner's layout).</summary>
    public ReadOnlySpan<T> Parameters => _theta;

    /// <summary>
    /// Runs the <c>[Forward]</c> method on <paramref name="inputs"/> into <paramref name="output"/>. For an in-context
    /// learner the batch holds the queries (<see cref="IContextLayout.Query"/>), each run with the support as context;
    /// a warm call allocates nothing either way.
    /// </summary>
    public void Predict(Batch<T> inputs, Span<T> output)
    {
        if (_context is null) TLearner.Predict<T>(_theta, inputs, output);
        else _context.Predict(_theta, inputs, output);
    }

    /// <summary>
    /// The prediction for rows of a single input: <paramref name="x"/> holds n rows of the
    /// <c>[Forward]</c> input's fixed dims (e.g. n values for a [n, 1] input), row-major; for an in-context
    /// learner, n query rows (<see cref="IContextLayout.Query"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The learner's forward pass takes more than one input, or x is not whole rows.</exception>
    public T[] Predict(ReadOnlySpan<T> x)
    {
        if (_context is not null) return _context.Predict(_theta, x);
        var info = TLearner.Info;
        if (info.ForwardInputs.Count != 1)
            throw new ArgumentException($"{info.Name}: its [Forward] takes {info.ForwardInputs.Count} inputs; call Predict(Batch<T>, Span<T>).", nameof(x));
        var inputs = new Batch<T>(Rows.Tensor(x, info.ForwardInputs[0], info.Name));
        var output = new T[info.OutputLength(inputs)];
        TLearner.Predict<T>(_theta, inputs, output);
        return output;
    }

    /// <summary>
    /// The learner's <c>[Loss]</c> on <paramref name="batch"/> at the adapted parameters; for an in-context learner
    /// the batch holds the queries and then the loss's other inputs (the targets), and the queries are read with the support as context.
    /// </summary>
    public T Loss(Batch<T> batch) => _context is null ? TLearner.Loss<T>(_theta, batch) : _context.Loss(_theta, batch);
}
