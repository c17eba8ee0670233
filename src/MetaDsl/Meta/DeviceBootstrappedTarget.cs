using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// <see cref="BootstrappedTarget{TLearner, T}"/>'s objective for a whole meta-batch on an accelerator: from every task's θ_K,
/// the L bootstrap steps and the query step that make the targets θ̃ are launches of the learner's generated kernels for
/// all tasks at once, and so is each model's pull-back for the KL matching; the host takes the steps between launches and
/// the softmaxes, as the CPU path does task by task, so its results are the CPU path's. Buffers grow to the largest
/// meta-batch seen. Not thread-safe.
/// </summary>
internal sealed class DeviceBootstrappedTarget<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceLearner<TLearner, T> _device;
    private readonly int _steps, _length;
    private readonly T _rate;
    private readonly ParameterMask _mask;
    private readonly BootstrapMatching _matching;
    private readonly ConditionalWeakTable<Batch<T>, EmbeddingBindings<T>> _bindings = new();
    private readonly List<Batch<T>> _forwards = [];
    private T[] _targets = [], _gradients = [], _losses = [], _targetOutputs = [], _modelOutputs = [];

    /// <summary>Takes <paramref name="steps"/> bootstrap steps of size <paramref name="rate"/> through <paramref name="device"/>'s kernels; <paramref name="mask"/> names the entries that do not adapt.</summary>
    public DeviceBootstrappedTarget(DeviceLearner<TLearner, T> device, int steps, T rate, ParameterMask mask, BootstrapMatching matching)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (matching == BootstrapMatching.KullbackLeibler && !device.HasForwardKernels)
            throw new NotSupportedException($"{TLearner.Info.Name} has no [Forward] kernels on {device.Device}, which the KL matching of class probabilities needs.");
        (_device, _steps, _rate, _mask, _matching) = (device, steps, rate, mask, matching);
        _length = TLearner.Info.ParameterCount;
    }

    /// <summary>
    /// Writes each task's gradient of the matching loss at its θ_K (<paramref name="adapted"/>, [tasks, P]) into
    /// <paramref name="gradients"/> and each task's matching loss into <paramref name="losses"/>.
    /// </summary>
    public void Gradient(ReadOnlySpan<T> adapted, IReadOnlyList<Batch<T>> supports, IReadOnlyList<Batch<T>> queries, Span<T> gradients, Span<T> losses)
    {
        int count = supports.Count;
        int rows = count * _length;
        Reserve(count);
        var targets = _targets.AsSpan(0, rows);
        var steps = _gradients.AsSpan(0, rows);
        var scratch = _losses.AsSpan(0, count);
        adapted.CopyTo(targets);
        for (int l = 0; l < _steps; l++)
        {
            _device.Gradient(targets, supports, steps, scratch);
            Step(targets, steps, count);
        }
        _device.MetaLossGradient(targets, queries, steps, scratch);
        Step(targets, steps, count);
        if (_matching == BootstrapMatching.KullbackLeibler)
        {
            Divergence(adapted, queries, gradients, losses);
            return;
        }
        TensorPrimitives.Subtract(adapted, targets, gradients);
        for (int t = 0; t < count; t++)
        {
            var row = gradients.Slice(t * _length, _length);
            losses[t] = T.CreateChecked(0.5) * TensorPrimitives.Dot<T>(row, row);
        }
    }

    private void Step(Span<T> targets, Span<T> steps, int count)
    {
        for (int t = 0; t < count; t++) _mask.Clear<T>(steps.Slice(t * _length, _length));
        TensorPrimitives.MultiplyAdd<T>(steps, -_rate, targets, targets);
    }

    // KL(p̃ ‖ p) per query row, averaged over the rows; its gradient in the adapted model's logits is (p − p̃)/n, pulled back to θ_K.
    private void Divergence(ReadOnlySpan<T> adapted, IReadOnlyList<Batch<T>> queries, Span<T> gradients, Span<T> losses)
    {
        int count = queries.Count;
        _forwards.Clear();
        EmbeddingBindings<T>? bound = null;
        foreach (var query in queries)
        {
            bound = EmbeddingBindings<T>.Of(_bindings, TLearner.Info, query);
            _forwards.Add(bound.Forward);
        }
        int n = bound!.Rows, classes = bound.Dim, outputs = n * classes;
        if (_targetOutputs.Length < count * outputs) (_targetOutputs, _modelOutputs) = (new T[count * outputs], new T[count * outputs]);
        var target = _targetOutputs.AsSpan(0, count * outputs);
        var model = _modelOutputs.AsSpan(0, count * outputs);
        _device.Predict(_targets.AsSpan(0, count * _length), _forwards, target);
        _device.Predict(adapted, _forwards, model);
        for (int t = 0; t < count; t++)
            losses[t] = BootstrappedTarget<TLearner, T>.Divergence(target.Slice(t * outputs, outputs), model.Slice(t * outputs, outputs), n, classes);
        _device.PredictPullback(adapted, _forwards, target, gradients);
        for (int t = 0; t < count; t++) _mask.Clear(gradients.Slice(t * _length, _length));
    }

    private void Reserve(int count)
    {
        if (_losses.Length >= count) return;
        _targets = new T[count * _length];
        _gradients = new T[count * _length];
        _losses = new T[count];
    }
}
