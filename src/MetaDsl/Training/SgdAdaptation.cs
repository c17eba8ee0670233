using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Meta;

namespace MetaDsl.Training;

/// <summary>
/// Plain SGD fine-tuning at a fixed step size on the support set, through the learner's generated
/// gradient of its <c>[Loss]</c>, or of its <c>[MetaLoss]</c> (the task's own objective) when asked; <c>[MetaParam]</c>s
/// stay fixed. The pretrained baseline adapts on the task objective, since nothing of a learned loss was trained.
/// </summary>
/// <remarks>Owns one gradient buffer: not safe for concurrent calls on one instance.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SgdAdaptation<TLearner, T> : IAdaptation<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _rate;
    private readonly bool _taskObjective;
    private readonly ParameterMask _mask = ParameterMask.ForMetaParameters(TLearner.Info);
    private readonly T[] _gradient = new T[TLearner.Info.ParameterCount];
    private readonly LearnerCalls<TLearner, T> _calls;

    /// <summary>
    /// Fine-tunes with step size <paramref name="learningRate"/>, descending the <c>[MetaLoss]</c> when <paramref name="taskObjective"/>
    /// (the same as the <c>[Loss]</c> for a learner without one), each step's gradient on <paramref name="device"/> (the CPU when null).
    /// </summary>
    public SgdAdaptation(double learningRate, bool taskObjective = false, Device? device = null)
        : this(learningRate, taskObjective, LearnerCalls<TLearner, T>.On(device ?? Device.Cpu))
    {
    }

    /// <summary>Fine-tunes through <paramref name="calls"/> (a meta-batch loop's kernels, shared).</summary>
    internal SgdAdaptation(double learningRate, bool taskObjective, LearnerCalls<TLearner, T> calls)
    {
        _calls = calls;
        _taskObjective = taskObjective;
        if (!double.IsFinite(learningRate) || learningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The step size must be finite and at least 0.");
        _rate = T.CreateChecked(learningRate);
    }

    /// <inheritdoc/>
    public int Length => TLearner.Info.ParameterCount;

    /// <inheritdoc/>
    public void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted)
    {
        var info = TLearner.Info;
        Guard.Theta(parameters, info, nameof(parameters));
        Guard.Length<T>(adapted, info.ParameterCount, info.Name, nameof(adapted));
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        parameters.CopyTo(adapted);
        for (int k = 0; k < steps; k++)
        {
            if (_taskObjective) _calls.MetaLossGradient(adapted, support, _gradient);
            else _calls.AdaptedGradient(adapted, support, _gradient);
            _mask.Clear<T>(_gradient);
            TensorPrimitives.MultiplyAdd(_gradient, -_rate, adapted, adapted);
        }
    }
}
