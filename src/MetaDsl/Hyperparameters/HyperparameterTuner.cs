using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Optimizers;

namespace MetaDsl.Hyperparameters;

/// <summary>
/// Tunes a learner's <c>[MetaParam]</c>s as hyperparameters of its training loss, online as in Lorraine et al. (2020,
/// Algorithm 1): each hyper-step trains θ by a few SGD steps on the <c>[Loss]</c> (starting where the last one ended),
/// takes the hypergradient of the <c>[MetaLoss]</c> on validation data (<see cref="HyperparameterTunerOptions.Method"/>)
/// and moves the hyperparameters by Adam, clamped into the options' bounds. θ and φ live in one flat vector, as everywhere; nothing is allocated per step.
/// </summary>
/// <typeparam name="TLearner">A generated learner with <c>[MetaParam]</c>s in its <c>[Loss]</c> and a <c>[MetaLoss]</c> to validate with.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class HyperparameterTuner<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _innerSteps;
    private readonly T _innerLearningRate;
    private readonly ImplicitHypergradient<TLearner, T>? _implicit;
    private readonly UnrolledHypergradient<TLearner, T>? _unrolled;
    private readonly Adam<T> _adam;
    private readonly T[] _gradient;
    private readonly T[] _hypergradient;
    private readonly (int Offset, int Size)[] _hyperparameters;
    private readonly T _minimum;
    private readonly T _maximum;
    private readonly LearnerCalls<TLearner, T> _calls;

    /// <summary>Prepares the tuner; <paramref name="options"/> null takes the defaults.</summary>
    /// <exception cref="ArgumentException">The learner has no <c>[MetaParam]</c>, or a setting is out of range.</exception>
    public HyperparameterTuner(HyperparameterTunerOptions? options = null)
    {
        options ??= new HyperparameterTunerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InnerSteps, 1, nameof(options.InnerSteps));
        if (!(options.InnerLearningRate > 0) || !double.IsFinite(options.InnerLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.InnerLearningRate, "The inner learning rate must be positive and finite.");
        _innerSteps = options.InnerSteps;
        _innerLearningRate = T.CreateChecked(options.InnerLearningRate);
        _calls = LearnerCalls<TLearner, T>.On(options.Device);
        if (options.Method == HypergradientMethod.Unrolled)
            _unrolled = new UnrolledHypergradient<TLearner, T>(options.InnerSteps, _innerLearningRate, _calls);
        else
            _implicit = new ImplicitHypergradient<TLearner, T>(options.Method, options.Terms,
                T.CreateChecked(options.NeumannStep ?? options.InnerLearningRate), T.CreateChecked(options.ConjugateGradientTolerance), _calls);
        int length = TLearner.Info.ParameterCount;
        _adam = new Adam<T>(length, T.CreateChecked(options.HyperLearningRate));
        _gradient = new T[length];
        _hypergradient = new T[length];
        if (!(options.Minimum <= options.Maximum))
            throw new ArgumentOutOfRangeException(nameof(options), $"The hyperparameters' bounds [{options.Minimum}, {options.Maximum}] are empty.");
        _minimum = T.CreateSaturating(options.Minimum);
        _maximum = T.CreateSaturating(options.Maximum);
        _hyperparameters = [.. TLearner.Info.Parameters.Where(p => p.IsMeta).Select(p => (p.Offset, p.Size))];
    }

    /// <summary>The hypergradient of the last <see cref="Step"/> (zero at the adapted entries).</summary>
    public ReadOnlySpan<T> LastHypergradient => _hypergradient;

    /// <summary>
    /// One hyper-step: trains <paramref name="theta"/>'s adapted entries on <paramref name="training"/>, then moves its
    /// meta entries down the hypergradient of the validation loss on <paramref name="validation"/>. Returns the
    /// validation loss at the trained θ, before the hyperparameters moved.
    /// </summary>
    /// <exception cref="ArithmeticException">The hypergradient is not finite (training diverged); nothing of θ's hyperparameters has moved.</exception>
    public T Step(Span<T> theta, Batch<T> training, Batch<T> validation)
    {
        T loss;
        if (_unrolled is not null)
        {
            loss = _unrolled.Train(theta, training, validation, _hypergradient);
        }
        else
        {
            for (int k = 0; k < _innerSteps; k++)
            {
                _calls.AdaptedGradient(theta, training, _gradient);
                TensorPrimitives.MultiplyAdd<T>(_gradient, -_innerLearningRate, theta, theta);
            }
            loss = _implicit!.Compute(theta, training, validation, _hypergradient);
        }
        if (!T.IsFinite(TensorPrimitives.Sum<T>(_hypergradient)))
            throw new ArithmeticException($"{TLearner.Info.Name}: the hypergradient is not finite (validation loss {loss}); lower the inner learning rate or the Neumann step.");
        _adam.Step(theta, _hypergradient);
        foreach (var (offset, size) in _hyperparameters)
        {
            var values = theta.Slice(offset, size);
            TensorPrimitives.Clamp<T>(values, _minimum, _maximum, values);
        }
        return loss;
    }
}
