using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// One worker's differentiable inner loop, shared by MAML, ANIL and Meta-SGD:
/// theta_{k+1} = theta_k − a_k ⊙ mask(∇L_support(theta_k)), then the reverse recurrence
/// g_K = ∇L_query(theta_K), g_k = g_{k+1} − P(theta_k)·(a_k ⊙ mask(g_{k+1})), result g_0, where P is
/// the learner's Hessian-vector product (its mixed product when it has meta-parameters, which also
/// carries d/dphi through every step). The step size a_k is a per-step scalar or, for Meta-SGD, a
/// per-parameter vector that is itself differentiated: d/da = −Σ_k ∇L_support(theta_k) ⊙ g_{k+1}.
/// All K+1 iterates are kept (second order only), so memory is O(K·|theta|) and no Hessian is formed.
/// </summary>
internal sealed class InnerLoop<TLearner, T> : ITaskGradient<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _steps;
    private readonly T[] _stepRates;
    private readonly ParameterMask _mask;
    private readonly bool _secondOrder;
    private readonly bool _vectorRates;
    private readonly bool _mixed;
    private readonly int _length;
    private readonly T[][] _thetas;
    private readonly T[][] _supportGradients;
    private readonly T[] _direction;
    private readonly T[] _product;
    private readonly T[]? _queryWeights;
    private readonly IOuterObjective<T>? _outer;
    private readonly LearnerCalls<TLearner, T> _adaptOn;

    /// <summary>Allocates the trajectory and scratch for <paramref name="steps"/> inner steps.</summary>
    /// <param name="steps">K.</param>
    /// <param name="stepRates">The scalar step size of each inner step (ignored when <paramref name="vectorRates"/>).</param>
    /// <param name="mask">The entries that do not adapt.</param>
    /// <param name="order">Second (exact) or first order.</param>
    /// <param name="vectorRates">True for Meta-SGD: a per-parameter step-size vector passed with each call and differentiated.</param>
    /// <param name="queryWeights">Weights of the query loss after each inner step (K + 1 of them), or null for the last step only.</param>
    /// <param name="outer">What is differentiated at theta_K instead of the query loss (bootstrapped meta-learning's matching loss), or null.</param>
    /// <param name="adaptOn">Where <see cref="Adapt"/> takes its gradients (an accelerator's kernels), or null for the CPU code.</param>
    public InnerLoop(int steps, T[] stepRates, ParameterMask mask, MetaGradientOrder order, bool vectorRates, T[]? queryWeights = null, IOuterObjective<T>? outer = null,
        LearnerCalls<TLearner, T>? adaptOn = null)
    {
        _adaptOn = adaptOn ?? LearnerCalls<TLearner, T>.Cpu;
        var info = TLearner.Info;
        _steps = steps;
        _stepRates = stepRates;
        _mask = mask;
        _secondOrder = order == MetaGradientOrder.Second;
        _vectorRates = vectorRates;
        _mixed = info.MetaParameterCount > 0;
        _length = info.ParameterCount;
        if (outer is not null && queryWeights is not null)
            throw new ArgumentException("A bootstrapped objective replaces the query loss, so query-loss weights do not apply to it.", nameof(outer));
        _queryWeights = queryWeights;
        _outer = outer;
        // First order with only the last query loss needs the current and next iterate alone, so it
        // ping-pongs between two buffers; every other case revisits each iterate in the reverse pass.
        _thetas = Allocate(KeepsIterates ? steps + 1 : 2, _length);
        // Meta-SGD's rate gradient needs every support gradient in the reverse pass.
        _supportGradients = Allocate(vectorRates ? Math.Max(steps, 1) : 1, _length);
        _direction = new T[_length];
        _product = new T[_length];
    }

    /// <summary>The length of theta.</summary>
    public int Length => _length;

    /// <summary>
    /// Runs <paramref name="steps"/> inner steps from <paramref name="theta"/> on <paramref name="support"/> into
    /// <paramref name="adapted"/>. Beyond the configured K, the last step size is reused.
    /// </summary>
    public void Adapt(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates, Batch<T> support, int steps, Span<T> adapted)
    {
        CheckInputs(theta, rates);
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Guard.Length<T>(adapted, _length, TLearner.Info.Name, nameof(adapted));
        theta.CopyTo(adapted);
        var gradient = _supportGradients[0];
        for (int k = 0; k < steps; k++)
        {
            _adaptOn.AdaptedGradient(adapted, support, gradient);
            _mask.Clear<T>(gradient);
            Step(adapted, gradient, Math.Min(k, _steps - 1), rates, adapted);
        }
    }

    /// <summary>
    /// Adapts on the task's support set, writes the meta-gradient for theta (and, with vector rates,
    /// for the rates) and returns the query loss after adaptation (or the outer objective, when one is given).
    /// </summary>
    public T MetaGradient(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates, MetaTask<T> task, Span<T> thetaGradient, Span<T> rateGradient)
    {
        CheckInputs(theta, rates);
        ArgumentNullException.ThrowIfNull(task);
        var name = TLearner.Info.Name;
        Guard.Length<T>(thetaGradient, _length, name, nameof(thetaGradient));
        if (_vectorRates) Guard.Length<T>(rateGradient, _length, name, nameof(rateGradient));

        theta.CopyTo(Theta(0));
        for (int k = 0; k < _steps; k++)
        {
            var gradient = SupportGradient(k);
            TLearner.AdaptedGradient<T>(Theta(k), task.Support, gradient);
            _mask.Clear<T>(gradient);
            Step(Theta(k), gradient, k, rates, Theta(k + 1));
        }

        // The adjoint lives in the caller's buffer: g_K, then g_{K-1}, ..., g_0.
        var adjoint = thetaGradient;
        T loss = _outer is null ? TLearner.MetaLossGradient<T>(Theta(_steps), task.Query, adjoint) : _outer.Gradient(Theta(_steps), task, adjoint);
        if (_queryWeights is { } weights)
        {
            loss *= weights[_steps];
            TensorPrimitives.Multiply(adjoint, weights[_steps], adjoint);
        }
        if (_vectorRates) rateGradient.Clear();
        if (!KeepsIterates && !_vectorRates) return loss;

        for (int k = _steps - 1; k >= 0; k--)
        {
            if (_vectorRates)
            {
                // d/da accumulates −∇L_support(theta_k) ⊙ g_{k+1}; support gradients are already masked.
                TensorPrimitives.Multiply(SupportGradient(k), adjoint, _product);
                TensorPrimitives.Subtract(rateGradient, _product, rateGradient);
            }
            if (_secondOrder)
            {
                if (_vectorRates) TensorPrimitives.Multiply(adjoint, rates, _direction);
                else TensorPrimitives.Multiply(adjoint, _stepRates[k], _direction);
                _mask.Clear<T>(_direction);
                if (_mixed) TLearner.MixedProduct<T>(Theta(k), task.Support, _direction, _product);
                else TLearner.HessianVectorProduct<T>(Theta(k), task.Support, _direction, _product);
                TensorPrimitives.Subtract(adjoint, _product, adjoint);
            }
            // g_k gains w_k · ∇L_meta(theta_k): the query loss read after k steps depends on theta_k directly.
            if (_queryWeights is { } w && w[k] != T.Zero)
            {
                loss += w[k] * TLearner.MetaLossGradient<T>(Theta(k), task.Query, _product);
                TensorPrimitives.MultiplyAdd(_product, w[k], adjoint, adjoint);
            }
        }
        return loss;
    }

    /// <summary>True when the reverse pass revisits every iterate: second order, or query losses read at earlier steps.</summary>
    private bool KeepsIterates => _secondOrder || _queryWeights is not null;

    /// <summary>As a meta-batch worker: inputs are theta, or theta followed by the rates; the gradient is laid out the same way.</summary>
    public T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient)
    {
        if (!_vectorRates) return MetaGradient(inputs, default, task, gradient, default);
        return MetaGradient(inputs[.._length], inputs[_length..], task, gradient[.._length], gradient[_length..]);
    }

    private Span<T> Theta(int k) => _thetas[KeepsIterates ? k : k & 1];

    private T[] SupportGradient(int k) => _supportGradients[_vectorRates ? k : 0];

    private void Step(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, int k, ReadOnlySpan<T> rates, Span<T> next)
    {
        if (_vectorRates)
        {
            TensorPrimitives.Multiply(gradient, rates, _product);
            TensorPrimitives.Subtract(theta, _product, next);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(gradient, -_stepRates[k], theta, next);
        }
    }

    private void CheckInputs(ReadOnlySpan<T> theta, ReadOnlySpan<T> rates)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        if (_vectorRates) Guard.Length(rates, _length, TLearner.Info.Name, "learningRates");
    }

    private static T[][] Allocate(int count, int length)
    {
        var buffers = new T[count][];
        for (int i = 0; i < count; i++) buffers[i] = new T[length];
        return buffers;
    }
}
