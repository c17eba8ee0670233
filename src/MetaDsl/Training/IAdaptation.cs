using System.Numerics;

namespace MetaDsl.Training;

/// <summary>
/// How a trained model adapts to a new task at test time: a few inner steps from its
/// meta-parameters on a support set, giving the learner's adapted theta.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IAdaptation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The length of the meta-parameter vector (theta, or theta followed by learned step sizes).</summary>
    int Length { get; }

    /// <summary>Takes <paramref name="steps"/> inner steps from <paramref name="parameters"/> on <paramref name="support"/> and writes the learner's adapted theta.</summary>
    void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted);
}
