using System.Numerics;
using MetaDsl.Meta;

namespace MetaDsl;

/// <summary>
/// The calls fine-tuning and hypergradients make of one learner on one batch — the gradient over its adapted entries,
/// the <c>[MetaLoss]</c> gradient and the mixed product — through the generated CPU code on <see cref="Device.Cpu"/>, or as one-task launches of
/// the learner's generated kernels on an accelerator, with the CPU path's results. The kernels load on the first call (an
/// algorithm built for a device may never adapt), and buffers are allocated once. Not thread-safe.
/// </summary>
internal sealed class LearnerCalls<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Device? _accelerator;
    private DeviceLearner<TLearner, T>? _device;
    private readonly ParameterMask _metaEntries;
    private readonly Batch<T>[] _batch = new Batch<T>[1];
    private readonly T[] _loss = new T[1];

    /// <summary>Calls the learner on <paramref name="device"/>.</summary>
    public LearnerCalls(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.IsAccelerator) _accelerator = device;
        _metaEntries = ParameterMask.ForMetaParameters(TLearner.Info);
    }

    /// <summary>∂L/∂θ of the <c>[Loss]</c> on <paramref name="batch"/>, zero at the <c>[MetaParam]</c> entries.</summary>
    public void AdaptedGradient(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient)
    {
        if (Kernels() is not { } device)
        {
            TLearner.AdaptedGradient(theta, batch, gradient);
            return;
        }
        device.Gradient(theta, One(batch), gradient, _loss);
        _metaEntries.Clear(gradient);
    }

    /// <summary>The <c>[MetaLoss]</c>'s gradient on <paramref name="batch"/>; returns its value.</summary>
    public T MetaLossGradient(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient)
    {
        if (Kernels() is not { } device) return TLearner.MetaLossGradient(theta, batch, gradient);
        device.MetaLossGradient(theta, One(batch), gradient, _loss);
        return _loss[0];
    }

    /// <summary>The learner's mixed product (see <see cref="ILearner{TSelf}.MixedProduct"/>) on <paramref name="batch"/>.</summary>
    public void MixedProduct(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> direction, Span<T> product)
    {
        if (Kernels() is not { } device) TLearner.MixedProduct(theta, batch, direction, product);
        else device.MixedProduct(theta, One(batch), direction, product);
    }

    private DeviceLearner<TLearner, T>? Kernels() => _accelerator is null ? null : _device ??= new DeviceLearner<TLearner, T>(_accelerator);

    private Batch<T>[] One(Batch<T> batch)
    {
        _batch[0] = batch;
        return _batch;
    }
}
