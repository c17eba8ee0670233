using System.Numerics;

namespace MetaDsl.Embedding;

/// <summary>
/// How an in-context learner reads a support set: the learner adapts in its forward pass, with the support as
/// context, and takes no gradient step. A layout says which tensors a support set and a batch of queries hold, and
/// writes one task of the learner's <c>[Forward]</c> input (its first dim counts tasks; the rest is one task's
/// tokens) from the support and one query. <see cref="Adapter{TLearner, T}"/> uses it for every learner whose
/// <see cref="ILearner{TSelf}.ContextLayout"/> is not null.
/// </summary>
/// <remarks>Implementations hold no mutable state: one layout serves every thread.</remarks>
public interface IContextLayout
{
    /// <summary>
    /// The support set's tensors in order, e.g. x[10, 10] and y[10, 1]: numeric dims must match exactly, and a
    /// symbolic dim binds to one size across the support.
    /// </summary>
    IReadOnlyList<InputInfo> Support { get; }

    /// <summary>The tensor of a batch of queries, one query a row, e.g. x[q, 10]; its first dim is the query count and the rest are numbers.</summary>
    InputInfo Query { get; }

    /// <summary>
    /// Writes what <paramref name="support"/> fixes of one task's forward input into <paramref name="task"/> (which starts
    /// cleared), after its shapes were checked against <see cref="Support"/>.
    /// </summary>
    void WriteContext<T>(Batch<T> support, Span<T> task) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes one query row into <paramref name="task"/>, which holds what <see cref="WriteContext"/> wrote.</summary>
    void WriteQuery<T>(ReadOnlySpan<T> query, Span<T> task) where T : unmanaged, IFloatingPointIeee754<T>;
}
