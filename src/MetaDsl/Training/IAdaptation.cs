using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// How a trained model adapts to a new task at test time: a few inner steps from its
/// meta-parameters on a support set, giving the learner's adapted theta, and how that is scored.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IAdaptation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The length of the meta-parameter vector (theta, or theta followed by learned step sizes).</summary>
    int Length { get; }

    /// <summary>Takes <paramref name="steps"/> inner steps from <paramref name="parameters"/> on <paramref name="support"/> and writes the learner's adapted theta.</summary>
    void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted);

    /// <summary>
    /// Adapts on <paramref name="task"/>'s support set for <paramref name="steps"/> steps into <paramref name="adapted"/> and
    /// scores the query set. By default that is the adapted learner's <c>[MetaLoss]</c> (its <c>[Loss]</c> when it has none) and, when <paramref name="accuracy"/> is
    /// true, how often the largest of its <c>[Forward]</c> logits is the label (the batch's last tensor). Methods that
    /// classify otherwise (by prototypes) score their own way.
    /// </summary>
    /// <typeparam name="TLearner">The learner the parameters belong to.</typeparam>
    QueryScore Score<TLearner>(ReadOnlySpan<T> parameters, MetaTask<T> task, int steps, Span<T> adapted, bool accuracy)
        where TLearner : ILearner<TLearner>
    {
        ArgumentNullException.ThrowIfNull(task);
        Adapt(parameters, task.Support, steps, adapted);
        double loss = double.CreateChecked(TLearner.MetaLoss<T>(adapted, task.Query));
        return new QueryScore(loss, accuracy ? QueryAccuracy.Of<TLearner, T>(adapted, task.Query) : double.NaN);
    }
}
