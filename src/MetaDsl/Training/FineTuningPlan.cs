using System.Numerics;

namespace MetaDsl.Training;

/// <summary>
/// How a trained model fine-tunes on a new task's support set outside the algorithm's own buffers:
/// SGD steps on <see cref="AdaptedParameters"/> from <see cref="Theta"/>, at <see cref="StepSizes"/> when the
/// algorithm learned them (one per entry of theta), otherwise at the caller's step size.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record FineTuningPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The learner's theta that fine-tuning starts from.</summary>
    public required T[] Theta { get; init; }

    /// <summary>Learned per-entry step sizes, or null to use the caller's.</summary>
    public T[]? StepSizes { get; init; }

    /// <summary>The names of the parameters that move; every other entry stays fixed.</summary>
    public required IReadOnlyList<string> AdaptedParameters { get; init; }

    /// <summary>Plain SGD on every parameter of <paramref name="learner"/> but its <c>[MetaParam]</c>s, from the leading theta of <paramref name="parameters"/>.</summary>
    public static FineTuningPlan<T> Sgd(LearnerInfo learner, ReadOnlySpan<T> parameters)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return new()
        {
            Theta = parameters[..learner.ParameterCount].ToArray(),
            AdaptedParameters = learner.Parameters.Where(p => !p.IsMeta).Select(p => p.Name).ToArray(),
        };
    }
}
