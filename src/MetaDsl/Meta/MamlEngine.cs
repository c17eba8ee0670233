using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// What MAML and ANIL share: the inner loop on every worker and the meta-batch over them. They
/// differ only in which entries of theta adapt (the mask).
/// </summary>
internal sealed class MamlEngine<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaBatch<T> _batch;
    private readonly InnerLoop<TLearner, T> _loop;
    private readonly DeviceInnerLoop<TLearner, T>? _device;

    /// <summary>Allocates the trajectory and scratch for every thread.</summary>
    public MamlEngine(MamlOptions options, ParameterMask mask)
    {
        var rates = options.StepRates<T>();
        var workers = new InnerLoop<TLearner, T>[options.Threads];
        if (options.BootstrapSteps is { } bootstrap) ArgumentOutOfRangeException.ThrowIfNegative(bootstrap, nameof(options.BootstrapSteps));
        ArgumentNullException.ThrowIfNull(options.Device, nameof(options.Device));
        if (options.Device.IsAccelerator)
            _device = new DeviceInnerLoop<TLearner, T>(options.Device, options.InnerSteps, rates, mask, options.Order, options.QueryWeights<T>(),
                bootstrapSteps: options.BootstrapSteps, matching: options.BootstrapMatching);
        // Test-time adaptation runs on worker 0, through the device loop's kernels when there is one.
        for (int w = 0; w < workers.Length; w++)
            workers[w] = new InnerLoop<TLearner, T>(options.InnerSteps, rates, mask, options.Order, vectorRates: false, options.QueryWeights<T>(),
                options.BootstrapSteps is { } steps ? new BootstrappedTarget<TLearner, T>(steps, rates[^1], mask, options.BootstrapMatching) : null,
                w == 0 ? _device?.Calls : null);
        _loop = workers[0];
        _batch = new MetaBatch<T>(workers, _loop.Length, _loop.Length);
    }

    public T MetaGradient(ReadOnlySpan<T> theta, MetaTask<T> task, Span<T> metaGradient) => _device is null
        ? _loop.MetaGradient(theta, default, task, metaGradient, default)
        : _device.MetaGradient(theta, [task], metaGradient);

    public T MetaGradient(ReadOnlySpan<T> theta, IReadOnlyList<MetaTask<T>> tasks, Span<T> metaGradient)
    {
        Guard.Theta(theta, TLearner.Info, nameof(theta));
        Guard.Length<T>(metaGradient, _loop.Length, TLearner.Info.Name, nameof(metaGradient));
        if (_device is not null) return _device.MetaGradient(theta, tasks, metaGradient);
        theta.CopyTo(_batch.Inputs);
        return _batch.Average(tasks, metaGradient);
    }

    public void Adapt(ReadOnlySpan<T> theta, Batch<T> support, int steps, Span<T> adapted) =>
        _loop.Adapt(theta, default, support, steps, adapted);
}
