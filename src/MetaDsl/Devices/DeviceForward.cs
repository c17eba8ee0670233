using MetaDsl.Kernels.Gpu.Programs;

namespace MetaDsl;

/// <summary>The values one task's <c>[Forward]</c> output holds for the given symbolic dims.</summary>
public delegate long OutputSizer(ReadOnlySpan<int> dims);

/// <summary>
/// A learner's generated ILGPU kernels over its <c>[Forward]</c> method in one element type, part of its
/// <see cref="DeviceProgram{T}"/>: <c>Predict</c> and its pull-back J(theta)ᵀ·c run one task of a meta-batch per
/// group, and three host helpers check and size a launch. The <c>[Forward]</c> has its own inputs and symbolic dims.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceForward<T> where T : unmanaged
{
    /// <summary>Bundles what the generator emitted; see each property.</summary>
    public DeviceForward(int dimCount, Action<ForwardArguments<T>> predict, Action<ForwardArguments<T>> predictPullback,
        DimBinder<T> bind, ScratchSizer scratchLength, OutputSizer outputLength)
    {
        DimCount = dimCount;
        Predict = predict;
        PredictPullback = predictPullback;
        Bind = bind;
        ScratchLength = scratchLength;
        OutputLength = outputLength;
    }

    /// <summary>The <c>[Forward]</c> method's symbolic dims (the length of the dims a launch binds).</summary>
    public int DimCount { get; }

    /// <summary>Each task's output.</summary>
    public Action<ForwardArguments<T>> Predict { get; }

    /// <summary>Each task's J(theta)ᵀ·c.</summary>
    public Action<ForwardArguments<T>> PredictPullback { get; }

    /// <summary>Checks a task's <c>[Forward]</c> inputs as the CPU <c>Predict</c> does and binds their dims.</summary>
    public DimBinder<T> Bind { get; }

    /// <summary>Scratch one task needs, the more of the two kernels.</summary>
    public ScratchSizer ScratchLength { get; }

    /// <summary>The output's length for the bound dims.</summary>
    public OutputSizer OutputLength { get; }
}
