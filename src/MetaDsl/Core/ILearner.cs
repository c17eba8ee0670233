using System.Numerics;

namespace MetaDsl;

/// <summary>
/// What the generator emits for a <c>[Learner]</c>: static programs over a flat parameter vector
/// <c>theta</c> (every <c>[Param]</c> and <c>[MetaParam]</c> in declaration order, each row-major).
/// Algorithms are generic over <typeparamref name="TSelf"/>, so the JIT specializes every call.
/// </summary>
public interface ILearner<TSelf> where TSelf : ILearner<TSelf>
{
    /// <summary>Parameters, inputs, output and the computation graph.</summary>
    static abstract LearnerInfo Info { get; }

    /// <summary>Fills <paramref name="theta"/> by each parameter's <see cref="Init"/>, reproducibly from <paramref name="seed"/>.</summary>
    static abstract void Initialize<T>(Span<T> theta, int seed) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The <c>[Loss]</c> at <paramref name="theta"/>.</summary>
    static abstract T Loss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes dL/dtheta into <paramref name="gradient"/> and returns the loss.</summary>
    static abstract T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Writes dL/dtheta over the adapted parameters (zero at the <c>[MetaParam]</c>s) into <paramref name="gradient"/> and
    /// returns the loss: what an inner step descends. Generated for learners with meta-parameters, where it skips their
    /// gradient; this default clears it from <see cref="Gradient"/>.
    /// </summary>
    static virtual T AdaptedGradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T loss = TSelf.Gradient(theta, batch, gradient);
        // Indexed, not foreach: enumerating the interface would allocate on every inner step.
        var parameters = TSelf.Info.Parameters;
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].IsMeta) gradient.Slice(parameters[i].Offset, parameters[i].Size).Clear();
        return loss;
    }

    /// <summary>The outer objective at <paramref name="theta"/>: the <c>[MetaLoss]</c>, or without one the <c>[Loss]</c>.</summary>
    static virtual T MetaLoss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        TSelf.Loss(theta, batch);

    /// <summary>Writes the gradient of <see cref="MetaLoss"/> over every parameter into <paramref name="gradient"/> and returns the meta-loss.</summary>
    static virtual T MetaLossGradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> =>
        TSelf.Gradient(theta, batch, gradient);

    /// <summary>Writes the exact Hessian-vector product H·v into <paramref name="hv"/>, without forming H.</summary>
    static abstract void HessianVectorProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The mixed product for learners with <c>[MetaParam]</c>s: with the meta entries of
    /// <paramref name="v"/> taken as zero, writes H_theta,theta·v into the adapted entries of
    /// <paramref name="result"/> and d/dphi (dL/dtheta · v) into its meta entries.
    /// Without meta-parameters it equals <see cref="HessianVectorProduct"/>.
    /// </summary>
    static abstract void MixedProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Runs the <c>[Forward]</c> method on <paramref name="inputs"/> and writes its output.</summary>
    static abstract void Predict<T>(ReadOnlySpan<T> theta, Batch<T> inputs, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Pulls <paramref name="cotangent"/> (shaped like <c>Predict</c>'s output) back through the
    /// <c>[Forward]</c> method: writes J(theta)ᵀ·c into <paramref name="gradient"/>, the gradient of any
    /// loss of the prediction whose derivative with respect to the output is c (how metric learners
    /// such as prototypical networks reach theta).
    /// </summary>
    static abstract void PredictPullback<T>(ReadOnlySpan<T> theta, Batch<T> inputs, ReadOnlySpan<T> cotangent, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Pulls <paramref name="cotangent"/> back through the <c>[Forward]</c> method to its first input x:
    /// writes J(x)ᵀ·c into <paramref name="inputGradient"/> (x's shape), how truncated backprop through a
    /// learned optimizer reaches the features it was given. Generated for every learner with a <c>[Forward]</c>;
    /// a learner written by hand has none unless it writes one.
    /// </summary>
    /// <exception cref="NotSupportedException">The learner was written by hand without one.</exception>
    static virtual void PredictInputPullback<T>(ReadOnlySpan<T> theta, Batch<T> inputs, ReadOnlySpan<T> cotangent, Span<T> inputGradient) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotSupportedException($"{TSelf.Info.Name} is written by hand and has no PredictInputPullback; generated learners have one.");

    /// <summary>
    /// For an in-context learner, which adapts by reading a support set in its forward pass rather than by gradient
    /// steps, how that support becomes its context (what <see cref="Embedding.Adapter{TLearner, T}"/> follows); null
    /// for every other learner.
    /// </summary>
    static virtual Embedding.IContextLayout? ContextLayout => null;

    /// <summary>
    /// The learner's generated ILGPU kernels in <typeparamref name="T"/>, which <see cref="DeviceLearner{TLearner, T}"/>
    /// runs; null for a learner written by hand, which has none.
    /// </summary>
    static virtual DeviceProgram<T>? DeviceProgram<T>() where T : unmanaged, IFloatingPointIeee754<T> => null;
}
