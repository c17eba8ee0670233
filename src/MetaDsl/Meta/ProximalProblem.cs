using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Meta;

/// <summary>
/// iMAML's arithmetic between derivative calls, shared by the CPU task step and the device loop: a step of proximal
/// descent on L_support(phi) + lambda/2·||phi − theta||² (meta-parameters held), the operator (I + H/lambda) on the
/// adapted entries, and a meta-parameter's gradient ∂L_query/∂m − H_m,adapted·x/lambda.
/// </summary>
internal sealed class ProximalProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _lambda, _inverseLambda, _innerRate, _innerTolerance;

    public ProximalProblem(ImplicitMamlOptions options, LearnerInfo learner)
    {
        _lambda = T.CreateChecked(options.Regularization);
        _inverseLambda = T.One / _lambda;
        _innerRate = T.CreateChecked(options.InnerLearningRate);
        _innerTolerance = T.CreateChecked(options.InnerTolerance);
        InnerSteps = options.InnerSteps;
        ConjugateGradientIterations = options.ConjugateGradientIterations;
        ConjugateGradientTolerance = T.CreateChecked(options.ConjugateGradientTolerance);
        Mask = ParameterMask.ForMetaParameters(learner);
        Mixed = learner.MetaParameterCount > 0;
    }

    /// <summary>The most proximal steps.</summary>
    public int InnerSteps { get; }

    /// <summary>The most conjugate-gradient products.</summary>
    public int ConjugateGradientIterations { get; }

    /// <summary>Conjugate gradient stops at this relative residual.</summary>
    public T ConjugateGradientTolerance { get; }

    /// <summary>Holds the meta-parameters: only the adapted entries move or enter the system.</summary>
    public ParameterMask Mask { get; }

    /// <summary>Whether products take the mixed product (the learner has meta-parameters) rather than H·v.</summary>
    public bool Mixed { get; }

    /// <summary>
    /// Turns <paramref name="gradient"/>, the support gradient at <paramref name="phi"/>, into the proximal objective's
    /// and steps phi along it; returns false, leaving phi as it is, when its norm is within the inner tolerance.
    /// </summary>
    public bool Step(Span<T> phi, ReadOnlySpan<T> theta, Span<T> gradient, Span<T> scratch)
    {
        Mask.Clear<T>(gradient);
        TensorPrimitives.Subtract(phi, theta, scratch);
        TensorPrimitives.MultiplyAdd<T>(scratch, _lambda, gradient, gradient);
        if (TensorPrimitives.Norm<T>(gradient) <= _innerTolerance) return false;
        TensorPrimitives.MultiplyAdd<T>(gradient, -_innerRate, phi, phi);
        return true;
    }

    /// <summary>(I + H/lambda)·v on the adapted entries, from <paramref name="product"/> holding H·v (overwritten).</summary>
    public void Apply(ReadOnlySpan<T> v, Span<T> product)
    {
        Mask.Clear(product);
        TensorPrimitives.MultiplyAdd(product, _inverseLambda, v, product);
    }

    /// <summary>Writes the meta-parameters' entries of <paramref name="solution"/> from <paramref name="product"/> = H·x (overwritten) and the query gradient.</summary>
    public void MetaParameterGradient(Span<T> product, ReadOnlySpan<T> queryGradient, Span<T> solution)
    {
        TensorPrimitives.MultiplyAdd<T>(product, -_inverseLambda, queryGradient, product);
        Mask.CopyFrozen<T>(product, solution);
    }
}
