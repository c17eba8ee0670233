using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Meta;

namespace MetaDsl.Hyperparameters;

/// <summary>
/// The hypergradient through a fixed number of plain SGD steps on the <c>[Loss]</c>: trains θ by
/// θ ← θ − η·∂L_T/∂θ (the <c>[MetaParam]</c>s φ held), then differentiates the <c>[MetaLoss]</c> at the last θ
/// back through every step, exactly: the adjoint a ← a − η·H·a and the hypergradient's −η·(∂²L_T/∂φ∂θ)·a per step,
/// both from the learner's mixed product. The steps' parameters are kept, so memory grows with the steps; the
/// trajectory is allocated once.
/// </summary>
/// <typeparam name="TLearner">A generated learner with <c>[MetaParam]</c>s.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class UnrolledHypergradient<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _steps;
    private readonly T _learningRate;
    private readonly ParameterMask _adaptedEntries;
    private readonly T[] _trajectory;
    private readonly T[] _gradient;
    private readonly T[] _adjoint;
    private readonly T[] _product;
    private readonly LearnerCalls<TLearner, T> _calls;

    /// <summary>Prepares to unroll <paramref name="steps"/> SGD steps of size <paramref name="learningRate"/>.</summary>
    /// <param name="steps">SGD steps to unroll.</param>
    /// <param name="learningRate">Their step size.</param>
    /// <param name="device">Where the gradients and mixed products run: the CPU (null, the default) or an accelerator, one launch each.</param>
    /// <exception cref="ArgumentException">The learner has no <c>[MetaParam]</c>, or a number is out of range.</exception>
    public UnrolledHypergradient(int steps, T learningRate, Device? device = null)
        : this(steps, learningRate, LearnerCalls<TLearner, T>.On(device ?? Device.Cpu))
    {
    }

    /// <summary>The unrolled hypergradient through <paramref name="calls"/>, shared with the tuner.</summary>
    internal UnrolledHypergradient(int steps, T learningRate, LearnerCalls<TLearner, T> calls)
    {
        _calls = calls;
        var info = TLearner.Info;
        if (info.MetaParameterCount == 0)
            throw new ArgumentException($"{info.Name} has no [MetaParam]: there is no hyperparameter to differentiate for.", nameof(TLearner));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(learningRate > T.Zero) || !T.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        _steps = steps;
        _learningRate = learningRate;
        _adaptedEntries = ParameterMask.ForAdaptedParameters(info);
        int length = info.ParameterCount;
        _trajectory = new T[checked(steps * length)];
        _gradient = new T[length];
        _adjoint = new T[length];
        _product = new T[length];
    }

    /// <summary>
    /// Trains <paramref name="theta"/> in place by the steps on <paramref name="training"/>, writes the hypergradient of the
    /// validation loss into the meta entries of <paramref name="hypergradient"/> (its adapted entries are zero) and
    /// returns the validation loss at the trained θ.
    /// </summary>
    public T Train(Span<T> theta, Batch<T> training, Batch<T> validation, Span<T> hypergradient)
    {
        int length = _gradient.Length;
        if (theta.Length != length || hypergradient.Length != length)
            throw new ArgumentException($"{TLearner.Info.Name} has {length} parameters; theta has {theta.Length} and the hypergradient {hypergradient.Length}.");
        for (int t = 0; t < _steps; t++)
        {
            theta.CopyTo(_trajectory.AsSpan(t * length, length));
            _calls.AdaptedGradient(theta, training, _gradient);
            TensorPrimitives.MultiplyAdd<T>(_gradient, -_learningRate, theta, theta);
        }
        T loss = _calls.MetaLossGradient(theta, validation, _adjoint);
        _adjoint.CopyTo(hypergradient);
        for (int t = _steps - 1; t >= 0; t--)
        {
            // The mixed product reads only the adapted entries of the adjoint; its meta entries carry ∂L_V/∂φ, which the result keeps apart.
            _calls.MixedProduct(_trajectory.AsSpan(t * length, length), training, _adjoint, _product);
            TensorPrimitives.MultiplyAdd<T>(_product, -_learningRate, hypergradient, hypergradient);
            TensorPrimitives.MultiplyAdd<T>(_product, -_learningRate, _adjoint, _adjoint);
        }
        _adaptedEntries.Clear(hypergradient);
        return loss;
    }
}
