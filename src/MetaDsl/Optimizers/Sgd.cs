using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional heavy-ball momentum, as in PyTorch:
/// b ← mu·b + g (b = g on the first step), theta ← theta − lr·b. Without momentum, theta ← theta − lr·g.
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _velocity;
    private readonly T _momentum;
    private bool _started;

    /// <summary>Allocates the momentum buffer for <paramref name="length"/> parameters.</summary>
    public Sgd(int length, T learningRate, T momentum = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!(momentum >= T.Zero && momentum < T.One)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        _velocity = momentum == T.Zero ? [] : new T[length];
        _momentum = momentum;
        Length = length;
        LearningRate = learningRate;
    }

    /// <inheritdoc/>
    public T LearningRate { get; set; }

    /// <summary>The number of parameters.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient)
    {
        OptimizerGuard.Lengths(theta, gradient, Length);
        if (_momentum == T.Zero)
        {
            TensorPrimitives.MultiplyAdd(gradient, -LearningRate, theta, theta);
            return;
        }
        if (_started) TensorPrimitives.MultiplyAdd<T>(_velocity, _momentum, gradient, _velocity);
        else gradient.CopyTo(_velocity);
        _started = true;
        TensorPrimitives.MultiplyAdd<T>(_velocity, -LearningRate, theta, theta);
    }
}
