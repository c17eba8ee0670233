using System.Numerics;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// One training run of a target learner from scratch, the way a learned optimizer is judged: a fresh
/// <typeparamref name="TTarget"/> trained by an optimizer on a task's support set, its support loss
/// recorded at every step and its query loss (held-out examples) at the end.
/// </summary>
/// <typeparam name="TTarget">The learner trained.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public static class TrainingCurve<TTarget, T>
    where TTarget : ILearner<TTarget>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Initializes <paramref name="theta"/> from <paramref name="seed"/> and takes <c>supportLosses.Length − 1</c>
    /// steps of <paramref name="optimizer"/>; <paramref name="supportLosses"/>[s] is the support loss after s steps.
    /// A loss that stops being finite is written as positive infinity from then on and the run ends there.
    /// </summary>
    /// <returns>The query loss of the trained parameters (positive infinity when the run diverged).</returns>
    /// <exception cref="ArgumentException">A span's length is not what the target or the run needs.</exception>
    public static T Run(IOptimizer<T> optimizer, MetaTask<T> task, int seed, Span<T> theta, Span<T> gradient, Span<T> supportLosses)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(task);
        int parameters = TTarget.Info.ParameterCount;
        if (theta.Length != parameters || gradient.Length != parameters)
            throw new ArgumentException($"theta and gradient need {parameters} entries for {TTarget.Info.Name}; they have {theta.Length} and {gradient.Length}.", nameof(theta));
        if (supportLosses.Length < 1) throw new ArgumentException("The curve needs at least the loss before training.", nameof(supportLosses));
        TTarget.Initialize(theta, seed);
        int steps = supportLosses.Length - 1;
        for (int s = 0; s <= steps; s++)
        {
            var loss = s < steps ? TTarget.Gradient<T>(theta, task.Support, gradient) : TTarget.Loss<T>(theta, task.Support);
            if (!T.IsFinite(loss))
            {
                supportLosses[s..].Fill(T.PositiveInfinity);
                return T.PositiveInfinity;
            }
            supportLosses[s] = loss;
            if (s < steps) optimizer.Step(theta, gradient);
        }
        var query = TTarget.Loss<T>(theta, task.Query);
        return T.IsFinite(query) ? query : T.PositiveInfinity;
    }
}
