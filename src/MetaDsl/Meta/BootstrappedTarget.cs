using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Bootstrapped meta-learning's objective (Flennerhag et al., 2022): from the adapted θ_K, L more inner steps on the
/// support set and one gradient step on the query set's <c>[MetaLoss]</c> give a target θ̃ that no gradient flows through;
/// the objective is the matching loss ½‖θ_K − θ̃‖², whose gradient θ_K − θ̃ the inner loop carries back through its K
/// steps. The target sees L + 1 steps further than the backpropagated ones. Its buffers are allocated once.
/// </summary>
internal sealed class BootstrappedTarget<TLearner, T> : IOuterObjective<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _steps;
    private readonly T _rate;
    private readonly ParameterMask _mask;
    private readonly T[] _target;
    private readonly T[] _gradient;

    /// <summary>Takes <paramref name="steps"/> bootstrap steps of size <paramref name="rate"/>; <paramref name="mask"/> names the entries that do not adapt.</summary>
    public BootstrappedTarget(int steps, T rate, ParameterMask mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        _steps = steps;
        _rate = rate;
        _mask = mask;
        _target = new T[TLearner.Info.ParameterCount];
        _gradient = new T[TLearner.Info.ParameterCount];
    }

    /// <inheritdoc/>
    public T Gradient(ReadOnlySpan<T> adapted, MetaTask<T> task, Span<T> gradient)
    {
        adapted.CopyTo(_target);
        for (int l = 0; l < _steps; l++)
        {
            TLearner.AdaptedGradient<T>(_target, task.Support, _gradient);
            _mask.Clear<T>(_gradient);
            TensorPrimitives.MultiplyAdd<T>(_gradient, -_rate, _target, _target);
        }
        TLearner.MetaLossGradient<T>(_target, task.Query, _gradient);
        _mask.Clear<T>(_gradient);
        TensorPrimitives.MultiplyAdd<T>(_gradient, -_rate, _target, _target);
        TensorPrimitives.Subtract(adapted, _target, gradient);
        return T.CreateChecked(0.5) * TensorPrimitives.Dot<T>(gradient, gradient);
    }
}
