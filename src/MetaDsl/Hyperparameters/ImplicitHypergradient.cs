using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Meta;

namespace MetaDsl.Hyperparameters;

/// <summary>
/// The hypergradient of a validation loss at parameters trained to a stationary point of the training loss, by the
/// implicit function theorem: with the <c>[MetaParam]</c>s φ as hyperparameters of the <c>[Loss]</c> (the training
/// objective) and the <c>[MetaLoss]</c> as the validation objective,
/// dL_V/dφ = ∂L_V/∂φ − (∂²L_T/∂φ∂θ)·H⁻¹·∂L_V/∂θ, H = ∂²L_T/∂θ². Both second-order terms are the learner's
/// generated mixed product, so thousands of hyperparameters cost as much as one. Work vectors are allocated once.
/// </summary>
/// <typeparam name="TLearner">A generated learner with <c>[MetaParam]</c>s.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ImplicitHypergradient<TLearner, T> : ILinearOperator<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly HypergradientMethod _solver;
    private readonly int _terms;
    private readonly T _step;
    private readonly T _tolerance;
    private readonly ParameterMask _metaEntries;
    private readonly ParameterMask _adaptedEntries;
    private readonly ConjugateGradient<T>? _conjugateGradient;
    private readonly T[] _validationGradient;
    private readonly T[] _term;
    private readonly T[] _inverse;
    private readonly T[] _product;
    private readonly T[] _theta;
    private readonly LearnerCalls<TLearner, T> _calls;
    private Batch<T>? _training;

    /// <summary>Prepares the hypergradient by <paramref name="solver"/>.</summary>
    /// <param name="solver"><see cref="HypergradientMethod.Neumann"/> or <see cref="HypergradientMethod.ConjugateGradient"/>.</param>
    /// <param name="terms">The Neumann series' H·v products, or conjugate gradient's most iterations.</param>
    /// <param name="neumannStep">α of the Neumann series; it converges when α is below 2 / the largest eigenvalue of H (the inner learning rate is the usual choice).</param>
    /// <param name="tolerance">Conjugate gradient stops when the residual is this fraction of ∂L_V/∂θ.</param>
    /// <param name="device">Where the gradients and mixed products run: the CPU (null, the default) or an accelerator, one launch each.</param>
    /// <exception cref="ArgumentException">The learner has no <c>[MetaParam]</c>, or the solver or a number is out of range.</exception>
    public ImplicitHypergradient(HypergradientMethod solver, int terms, T neumannStep, T tolerance, Device? device = null)
        : this(solver, terms, neumannStep, tolerance, LearnerCalls<TLearner, T>.On(device ?? Device.Cpu))
    {
    }

    /// <summary>The hypergradient through <paramref name="calls"/>, shared with the tuner that trains θ.</summary>
    internal ImplicitHypergradient(HypergradientMethod solver, int terms, T neumannStep, T tolerance, LearnerCalls<TLearner, T> calls)
    {
        _calls = calls;
        var info = TLearner.Info;
        if (info.MetaParameterCount == 0)
            throw new ArgumentException($"{info.Name} has no [MetaParam]: there is no hyperparameter to differentiate for.", nameof(TLearner));
        if (solver is not (HypergradientMethod.Neumann or HypergradientMethod.ConjugateGradient))
            throw new ArgumentOutOfRangeException(nameof(solver), solver, "The implicit hypergradient solves by the Neumann series or by conjugate gradient.");
        ArgumentOutOfRangeException.ThrowIfLessThan(terms, 0);
        if (!(neumannStep > T.Zero) || !T.IsFinite(neumannStep)) throw new ArgumentOutOfRangeException(nameof(neumannStep), neumannStep, "The Neumann step must be positive and finite.");
        if (!(tolerance >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must not be negative.");
        _solver = solver;
        _terms = terms;
        _step = neumannStep;
        _tolerance = tolerance;
        _metaEntries = ParameterMask.ForMetaParameters(info);
        _adaptedEntries = ParameterMask.ForAdaptedParameters(info);
        int length = info.ParameterCount;
        _validationGradient = new T[length];
        _term = new T[length];
        _inverse = new T[length];
        _product = new T[length];
        _theta = new T[length];
        if (solver == HypergradientMethod.ConjugateGradient) _conjugateGradient = new ConjugateGradient<T>(length);
    }

    /// <summary>Conjugate gradient's iterations in the last <see cref="Compute"/>; the Neumann series always takes its terms.</summary>
    public int LastIterations { get; private set; }

    /// <summary>
    /// Writes dL_V/dφ into the meta entries of <paramref name="hypergradient"/> (its adapted entries are zero) at
    /// <paramref name="theta"/>, which should be (near) a minimum of the training loss, and returns the validation loss.
    /// </summary>
    /// <param name="theta">The learner's parameters, the hyperparameters φ at their meta entries.</param>
    /// <param name="training">The <c>[Loss]</c>'s inputs: the data θ was trained on.</param>
    /// <param name="validation">The <c>[MetaLoss]</c>'s inputs: held-out data.</param>
    /// <param name="hypergradient">Receives the hypergradient; as long as <paramref name="theta"/>.</param>
    public T Compute(ReadOnlySpan<T> theta, Batch<T> training, Batch<T> validation, Span<T> hypergradient)
    {
        int length = _validationGradient.Length;
        if (theta.Length != length || hypergradient.Length != length)
            throw new ArgumentException($"{TLearner.Info.Name} has {length} parameters; theta has {theta.Length} and the hypergradient {hypergradient.Length}.");
        T loss = _calls.MetaLossGradient(theta, validation, _validationGradient);
        _validationGradient.CopyTo(_term);
        _metaEntries.Clear<T>(_term);
        _training = training;
        theta.CopyTo(_theta);
        if (_solver == HypergradientMethod.Neumann) Neumann();
        else LastIterations = _conjugateGradient!.Solve(this, _term, _inverse, _terms, _tolerance);
        _calls.MixedProduct(theta, training, _inverse, _product);
        TensorPrimitives.Subtract<T>(_validationGradient, _product, hypergradient);
        _adaptedEntries.Clear(hypergradient);
        _training = null;
        return loss;
    }

    /// <summary>H·v over the adapted entries (the meta entries of the result are zero): the operator conjugate gradient inverts.</summary>
    void ILinearOperator<T>.Apply(ReadOnlySpan<T> v, Span<T> result) => Hessian(v, result);

    private void Hessian(ReadOnlySpan<T> v, Span<T> result)
    {
        _calls.MixedProduct(_theta, _training!, v, result);
        _metaEntries.Clear(result);
    }

    // p = α Σ_{j=0..J} (I − αH)^j v, accumulated term by term so that each term costs one H·v.
    private void Neumann()
    {
        _term.CopyTo(_inverse, 0);
        for (int j = 0; j < _terms; j++)
        {
            Hessian(_term, _product);
            TensorPrimitives.MultiplyAdd<T>(_product, -_step, _term, _term);
            TensorPrimitives.Add<T>(_inverse, _term, _inverse);
        }
        TensorPrimitives.Multiply<T>(_inverse, _step, _inverse);
        LastIterations = _terms;
    }
}
