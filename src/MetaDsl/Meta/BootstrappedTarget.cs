using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// Bootstrapped meta-learning's objective (Flennerhag et al., 2022): from the adapted θ_K, L more inner steps on the
/// support set and one gradient step on the query set's <c>[MetaLoss]</c> give a target θ̃ that no gradient flows through;
/// the objective is the matching loss, ½‖θ_K − θ̃‖² or the KL divergence of the two models' class probabilities on the
/// query inputs, whose gradient at θ_K the inner loop carries back through its K steps. The target sees L + 1 steps
/// further than the backpropagated ones. Its buffers are allocated once (per query batch object for the KL).
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
    private readonly BootstrapMatching _matching;
    private readonly ConditionalWeakTable<Batch<T>, EmbeddingBindings<T>> _bindings = new();

    /// <summary>Takes <paramref name="steps"/> bootstrap steps of size <paramref name="rate"/>; <paramref name="mask"/> names the entries that do not adapt.</summary>
    public BootstrappedTarget(int steps, T rate, ParameterMask mask, BootstrapMatching matching)
    {
        _matching = matching;
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
        if (_matching == BootstrapMatching.KullbackLeibler) return Divergence(adapted, task.Query, gradient);
        TensorPrimitives.Subtract(adapted, _target, gradient);
        return T.CreateChecked(0.5) * TensorPrimitives.Dot<T>(gradient, gradient);
    }

    // KL(p̃ ‖ p) per query row, averaged; its gradient in the adapted model's logits is (p − p̃)/n, pulled back to θ_K.
    private T Divergence(ReadOnlySpan<T> adapted, Batch<T> query, Span<T> gradient)
    {
        var bound = EmbeddingBindings<T>.Of(_bindings, TLearner.Info, query);
        int n = bound.Rows, classes = bound.Dim;
        TLearner.Predict<T>(_target, bound.Forward, bound.Cotangent);
        TLearner.Predict<T>(adapted, bound.Forward, bound.Embeddings);
        T divergence = Divergence(bound.Cotangent.AsSpan(0, n * classes), bound.Embeddings.AsSpan(0, n * classes), n, classes);
        TLearner.PredictPullback<T>(adapted, bound.Forward, bound.Cotangent, gradient);
        _mask.Clear(gradient);
        return divergence;
    }

    /// <summary>
    /// The mean over <paramref name="rows"/> of KL(softmax(target) ‖ softmax(model)) for logits [rows, classes]; leaves in
    /// <paramref name="target"/> the divergence's gradient in the model's logits, (p − p̃)/rows (the device path shares it).
    /// </summary>
    internal static T Divergence(Span<T> target, Span<T> model, int rows, int classes)
    {
        T divergence = T.Zero, scale = T.One / T.CreateChecked(rows);
        for (int i = 0; i < rows; i++)
        {
            var p = target.Slice(i * classes, classes);
            var q = model.Slice(i * classes, classes);
            TensorPrimitives.SoftMax<T>(p, p);
            TensorPrimitives.SoftMax<T>(q, q);
            for (int c = 0; c < classes; c++)
            {
                if (p[c] > T.Zero) divergence += p[c] * (T.Log(p[c]) - T.Log(q[c]));
                p[c] = (q[c] - p[c]) * scale;
            }
        }
        return divergence * scale;
    }
}
