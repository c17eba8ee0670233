using MetaDsl.Kernels.Gpu.Programs;

namespace MetaDsl;

/// <summary>Checks one task's batch as the learner's CPU methods do and writes the values of its symbolic dims.</summary>
public delegate void DimBinder<T>(Batch<T> batch, Span<int> dims) where T : unmanaged;

/// <summary>The scratch values one task needs for the given symbolic dims.</summary>
public delegate long ScratchSizer(ReadOnlySpan<int> dims);

/// <summary>
/// A learner's generated ILGPU kernels in one element type, as its <c>DeviceProgram&lt;T&gt;()</c> returns them:
/// five kernels run one task of a meta-batch per group, two host helpers size and check a launch, and, for a learner
/// with a <c>[Forward]</c>, <see cref="Forward"/> holds the kernels over it.
/// <see cref="DeviceLearner{TLearner, T}"/> loads and runs them.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceProgram<T> where T : unmanaged
{
    /// <summary>Bundles what the generator emitted; see each property.</summary>
    public DeviceProgram(string learner, int parameterCount, int dimCount,
        Action<TaskArguments<T>> loss, Action<TaskArguments<T>> gradient, Action<TaskArguments<T>> hessianVectorProduct,
        Action<TaskArguments<T>> mixedProduct, Action<TaskArguments<T>> metaLossGradient, DimBinder<T> bind, ScratchSizer scratchLength,
        DeviceForward<T>? forward = null)
    {
        Learner = learner;
        ParameterCount = parameterCount;
        DimCount = dimCount;
        Loss = loss;
        Gradient = gradient;
        HessianVectorProduct = hessianVectorProduct;
        MixedProduct = mixedProduct;
        MetaLossGradient = metaLossGradient;
        Bind = bind;
        ScratchLength = scratchLength;
        Forward = forward;
    }

    /// <summary>The learner's name, for messages.</summary>
    public string Learner { get; }

    /// <summary>Values in theta.</summary>
    public int ParameterCount { get; }

    /// <summary>The learner's symbolic dims (the length of the dims a launch binds).</summary>
    public int DimCount { get; }

    /// <summary>Losses of each task.</summary>
    public Action<TaskArguments<T>> Loss { get; }

    /// <summary>Gradients and losses of each task.</summary>
    public Action<TaskArguments<T>> Gradient { get; }

    /// <summary>H·v of each task.</summary>
    public Action<TaskArguments<T>> HessianVectorProduct { get; }

    /// <summary>The mixed product of each task (H·v without meta-parameters).</summary>
    public Action<TaskArguments<T>> MixedProduct { get; }

    /// <summary>The <c>[MetaLoss]</c>'s gradient and value of each task (the <c>[Loss]</c>'s, for a learner without one).</summary>
    public Action<TaskArguments<T>> MetaLossGradient { get; }

    /// <summary>Checks a task's batch and binds its dims.</summary>
    public DimBinder<T> Bind { get; }

    /// <summary>Scratch one task needs.</summary>
    public ScratchSizer ScratchLength { get; }

    /// <summary>The <c>[Forward]</c> kernels; null for a learner without a <c>[Forward]</c> or whose <c>[Forward]</c> loops are rolled on the CPU.</summary>
    public DeviceForward<T>? Forward { get; }
}
