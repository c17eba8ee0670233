using System.Numerics;
using MetaDsl.Meta;

namespace MetaDsl;

/// <summary>
/// The calls fine-tuning and hypergradients make of one learner on one batch — the gradient over its adapted entries,
/// the <c>[MetaLoss]</c> gradient and the mixed product — through the generated CPU code (<see cref="Cpu"/>), or as one-task
/// launches of the learner's generated kernels on an accelerator, with the CPU path's results. Thread-safe: the CPU calls
/// hold nothing that changes, and the device calls take turns on their one-task buffers.
/// </summary>
internal sealed class LearnerCalls<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T>? _device;
    private readonly ParameterMask _metaEntries = ParameterMask.ForMetaParameters(TLearner.Info);
    private readonly Batch<T>[] _batch = new Batch<T>[1];
    private readonly T[] _loss = new T[1];

    /// <summary>One-task launches through <paramref name="device"/>'s kernels (a meta-batch loop's, shared), or the CPU code when null.</summary>
    public LearnerCalls(DeviceLearner<TLearner, T>? device) => _device = device;

    /// <summary>The generated CPU code, one instance for every caller.</summary>
    public static LearnerCalls<TLearner, T> Cpu { get; } = new(null);

    /// <summary>The calls on <paramref name="device"/>: <see cref="Cpu"/>, or launches of the kernels loaded now on an accelerator.</summary>
    public static LearnerCalls<TLearner, T> On(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.IsAccelerator ? new(new DeviceLearner<TLearner, T>(device)) : Cpu;
    }

    /// <summary>∂L/∂θ of the <c>[Loss]</c> on <paramref name="batch"/>, zero at the <c>[MetaParam]</c> entries.</summary>
    public void AdaptedGradient(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient)
    {
        if (_device is null)
        {
            TLearner.AdaptedGradient(theta, batch, gradient);
            return;
        }
        lock (_batch)
        {
            _device.Gradient(theta, One(batch), gradient, _loss);
            _metaEntries.Clear(gradient);
        }
    }

    /// <summary>The <c>[MetaLoss]</c>'s gradient on <paramref name="batch"/>; returns its value.</summary>
    public T MetaLossGradient(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient)
    {
        if (_device is null) return TLearner.MetaLossGradient(theta, batch, gradient);
        lock (_batch)
        {
            _device.MetaLossGradient(theta, One(batch), gradient, _loss);
            return _loss[0];
        }
    }

    /// <summary>The learner's mixed product (see <see cref="ILearner{TSelf}.MixedProduct"/>) on <paramref name="batch"/>.</summary>
    public void MixedProduct(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> direction, Span<T> product)
    {
        if (_device is null)
        {
            TLearner.MixedProduct(theta, batch, direction, product);
            return;
        }
        lock (_batch) _device.MixedProduct(theta, One(batch), direction, product);
    }

    private Batch<T>[] One(Batch<T> batch)
    {
        _batch[0] = batch;
        return _batch;
    }
}
