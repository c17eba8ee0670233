using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// One worker's iMAML task step. The inner problem is phi* = argmin L_support(phi) + lambda/2·||phi − theta||²
/// (meta-parameters held at theta). At its stationary point dphi*/dtheta = (I + H/lambda)^-1 with H the
/// support Hessian at phi* over the adapted entries, so the meta-gradient is x solving
/// (I + H/lambda) x = ∇L_query(phi*), found by conjugate gradient on H·v. A meta-parameter m also moves
/// phi*: its gradient is ∂L_query/∂m − H_m,adapted·x/lambda, one more mixed product.
/// </summary>
internal sealed class ImplicitMamlStep<TLearner, T> : ITaskGradient<T>, ILinearOperator<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ProximalProblem<T> _problem;
    private readonly ConjugateGradient<T> _cg;
    private readonly T[] _phi;
    private readonly T[] _gradient;
    private readonly T[] _queryGradient;
    private readonly T[] _product;
    private Batch<T>? _support;

    /// <summary>Allocates the proximal iterate, gradients and conjugate-gradient work vectors.</summary>
    public ImplicitMamlStep(ImplicitMamlOptions options)
    {
        var info = TLearner.Info;
        int n = info.ParameterCount;
        _problem = new ProximalProblem<T>(options, info);
        _cg = new ConjugateGradient<T>(n);
        _phi = new T[n];
        _gradient = new T[n];
        _queryGradient = new T[n];
        _product = new T[n];
    }

    /// <summary>Conjugate-gradient iterations taken by the last task.</summary>
    public int LastConjugateGradientIterations { get; private set; }

    /// <summary>Approximately solves the proximal inner problem from theta into <paramref name="phi"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, Span<T> phi)
    {
        theta.CopyTo(phi);
        for (int k = 0; k < _problem.InnerSteps; k++)
        {
            TLearner.AdaptedGradient<T>(phi, support, _gradient);
            if (!_problem.Step(phi, theta, _gradient, _product)) break;
        }
    }

    /// <summary>Writes the implicit meta-gradient into <paramref name="gradient"/> and returns the query loss at phi*.</summary>
    public T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(task);
        Adapt(inputs, task.Support, _phi);
        T loss = TLearner.MetaLossGradient<T>(_phi, task.Query, _queryGradient);
        // The system lives on the adapted entries: a masked right-hand side keeps every CG vector masked.
        _queryGradient.CopyTo(_gradient);
        _problem.Mask.Clear<T>(_gradient);
        _support = task.Support;
        try
        {
            LastConjugateGradientIterations = _cg.Solve(this, _gradient, gradient, _problem.ConjugateGradientIterations, _problem.ConjugateGradientTolerance);
            if (_problem.Mask.HasFrozen)
            {
                Product(gradient, _product);
                _problem.MetaParameterGradient(_product, _queryGradient, gradient);
            }
        }
        finally
        {
            _support = null;
        }
        return loss;
    }

    /// <summary>(I + H/lambda)·v on the adapted entries, H the support Hessian at phi*.</summary>
    public void Apply(ReadOnlySpan<T> v, Span<T> result)
    {
        Product(v, result);
        _problem.Apply(v, result);
    }

    private void Product(ReadOnlySpan<T> v, Span<T> result)
    {
        if (_problem.Mixed) TLearner.MixedProduct<T>(_phi, _support!, v, result);
        else TLearner.HessianVectorProduct<T>(_phi, _support!, v, result);
    }
}
