using System.Numerics;

namespace MetaDsl.Evolution;

/// <summary>
/// An inner problem that a meta-parameter vector phi steers, advanced a truncation at a time: a target
/// learner trained by a learned optimizer, a hyperparameter schedule, or a smooth test problem. Evolution
/// strategies estimate d/dphi of its summed loss without differentiating through it.
/// </summary>
/// <remarks>
/// <see cref="Reset"/> and <see cref="Unroll"/> are called concurrently for different particles, each with
/// its own state span: an implementation keeps everything that changes in that span.
/// </remarks>
public interface IUnrolledProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The length of phi.</summary>
    int MetaParameterCount { get; }

    /// <summary>The length of one particle's inner state (the target's parameters, its optimizer's moments, its step).</summary>
    int StateLength { get; }

    /// <summary>Inner steps of one full inner problem; after them a particle starts a fresh one.</summary>
    int Horizon { get; }

    /// <summary>Starts a fresh inner problem in <paramref name="state"/>: both particles of an antithetic pair get the same <paramref name="seed"/>.</summary>
    void Reset(Span<T> state, ulong seed);

    /// <summary>Advances <paramref name="state"/> by <paramref name="steps"/> inner steps under <paramref name="phi"/> and returns the sum of their losses.</summary>
    T Unroll(ReadOnlySpan<T> phi, Span<T> state, int steps);
}
