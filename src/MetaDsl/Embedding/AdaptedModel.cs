using System.Numerics;

namespace MetaDsl.Embedding;

/// <summary>
/// A learner adapted to one task: immutable parameters and the learner's forward pass. Safe to share
/// across threads (generated programs keep their scratch in per-thread workspaces).
/// </summary>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdaptedModel<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _theta;

    /// <summary>Takes ownership of <paramref name="theta"/>; nothing else may write it.</summary>
    internal AdaptedModel(T[] theta) => _theta = theta;

    /// <summary>The adapted parameters (flat, in the learner's layout).</summary>
    public ReadOnlySpan<T> Parameters => _theta;

    /// <summary>Runs the <c>[Forward]</c> method on <paramref name="inputs"/> into <paramref name="output"/>.</summary>
    public void Predict(Batch<T> inputs, Span<T> output) => TLearner.Predict<T>(_theta, inputs, output);

    /// <summary>
    /// The prediction for rows of a single input: <paramref name="x"/> holds n rows of the
    /// <c>[Forward]</c> input's fixed dims (e.g. n values for a [n, 1] input), row-major.
    /// </summary>
    /// <exception cref="ArgumentException">The learner's forward pass takes more than one input, or x is not whole rows.</exception>
    public T[] Predict(ReadOnlySpan<T> x)
    {
        var info = TLearner.Info;
        if (info.ForwardInputs.Count != 1)
            throw new ArgumentException($"{info.Name}: its [Forward] takes {info.ForwardInputs.Count} inputs; call Predict(Batch<T>, Span<T>).", nameof(x));
        var inputs = new Batch<T>(Rows.Tensor(x, info.ForwardInputs[0], info.Name));
        var output = new T[info.OutputLength(inputs)];
        TLearner.Predict<T>(_theta, inputs, output);
        return output;
    }

    /// <summary>The learner's <c>[Loss]</c> on <paramref name="batch"/> at the adapted parameters.</summary>
    public T Loss(Batch<T> batch) => TLearner.Loss<T>(_theta, batch);
}
