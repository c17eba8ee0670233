using System.Numerics;

namespace MetaDsl.Optimizers;

/// <summary>
/// Adam's bias-corrected moment estimates and update, shared by <see cref="Adam{T}"/> and <see cref="AdamW{T}"/>:
/// m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g², theta ← theta − lr·m̂ / (sqrt(v̂) + eps).
/// </summary>
internal sealed class AdamMoments<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _first;
    private readonly T[] _second;
    private readonly T _beta1;
    private readonly T _beta2;
    private readonly T _epsilon;
    private T _beta1Power = T.One;
    private T _beta2Power = T.One;

    /// <summary>Allocates both moments.</summary>
    public AdamMoments(int length, T beta1, T beta2, T epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!(beta1 >= T.Zero && beta1 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= T.Zero && beta2 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > T.Zero)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        _first = new T[length];
        _second = new T[length];
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <summary>The number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>A copy of the moments and the step count.</summary>
    public AdamState<T> Capture() => new(Steps, (T[])_first.Clone(), (T[])_second.Clone());

    /// <summary>
    /// Continues from <paramref name="state"/>. The bias-correction powers are rebuilt by the same
    /// repeated multiplication the steps did, so the next step is bit-identical to an uninterrupted run's.
    /// </summary>
    /// <exception cref="ArgumentException">The state's moments are not this optimizer's length, or its step count is negative.</exception>
    public void Restore(AdamState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FirstMoment.Length != _first.Length || state.SecondMoment.Length != _second.Length)
            throw new ArgumentException($"The Adam state holds moments of {state.FirstMoment.Length} and {state.SecondMoment.Length} values; this optimizer has {_first.Length}.", nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegative(state.Steps, nameof(state));
        state.FirstMoment.CopyTo(_first, 0);
        state.SecondMoment.CopyTo(_second, 0);
        _beta1Power = T.One;
        _beta2Power = T.One;
        for (long i = 0; i < state.Steps; i++)
        {
            _beta1Power *= _beta1;
            _beta2Power *= _beta2;
        }
        Steps = state.Steps;
    }

    /// <summary>Updates the moments with <paramref name="gradient"/> and applies the step to <paramref name="theta"/>.</summary>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient, T learningRate)
    {
        Steps++;
        _beta1Power *= _beta1;
        _beta2Power *= _beta2;
        T step = learningRate / (T.One - _beta1Power);
        T secondCorrection = T.One / T.Sqrt(T.One - _beta2Power);
        T oneMinusBeta1 = T.One - _beta1, oneMinusBeta2 = T.One - _beta2;
        // One fused pass instead of five TensorPrimitives passes: this loop is memory-bound.
        for (int i = 0; i < theta.Length; i++)
        {
            T g = gradient[i];
            T m = _first[i] = _beta1 * _first[i] + oneMinusBeta1 * g;
            T v = _second[i] = _beta2 * _second[i] + oneMinusBeta2 * g * g;
            theta[i] -= step * m / (T.Sqrt(v) * secondCorrection + _epsilon);
        }
    }
}
