using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>One worker's Reptile task step: plain SGD on the support set, then the direction theta − theta_K.</summary>
internal sealed class ReptileStep<TLearner, T> : ITaskGradient<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _steps;
    private readonly T _rate;
    private readonly ParameterMask _mask;
    private readonly SupportMinibatch<T>? _minibatch;
    private readonly int _batchSize;
    private readonly T[] _adapted;
    private readonly T[] _gradient;
    private readonly LearnerCalls<TLearner, T> _adaptOn;

    /// <summary>Allocates the adapted parameters and the gradient; <see cref="Adapt"/> takes its gradients from <paramref name="adaptOn"/> when given (an accelerator's kernels).</summary>
    public ReptileStep(ReptileOptions options, LearnerCalls<TLearner, T>? adaptOn = null)
    {
        _adaptOn = adaptOn ?? LearnerCalls<TLearner, T>.Cpu;
        _steps = options.InnerSteps;
        _rate = T.CreateChecked(options.InnerLearningRate);
        _mask = ParameterMask.ForMetaParameters(TLearner.Info);
        _batchSize = options.InnerBatchSize;
        if (_batchSize > 0) _minibatch = new SupportMinibatch<T>(_batchSize);
        _adapted = new T[TLearner.Info.ParameterCount];
        _gradient = new T[TLearner.Info.ParameterCount];
    }

    /// <summary>Runs the inner loop from <paramref name="theta"/> into <paramref name="adapted"/>.</summary>
    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, int steps, Span<T> adapted)
    {
        theta.CopyTo(adapted);
        for (int k = 0; k < steps; k++)
        {
            var batch = _minibatch is null ? support : _minibatch.Window(support, k * _batchSize);
            _adaptOn.AdaptedGradient(adapted, batch, _gradient);
            _mask.Clear<T>(_gradient);
            TensorPrimitives.MultiplyAdd(_gradient, -_rate, adapted, adapted);
        }
    }

    /// <summary>Writes theta − theta_K into <paramref name="gradient"/> and returns the query loss at theta_K.</summary>
    public T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(task);
        Adapt(inputs, task.Support, _steps, _adapted);
        TensorPrimitives.Subtract(inputs, _adapted, gradient);
        return TLearner.Loss<T>(_adapted, task.Query);
    }
}
