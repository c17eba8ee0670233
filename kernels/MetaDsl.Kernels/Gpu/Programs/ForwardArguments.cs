using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// What a generated <c>[Forward]</c> kernel receives: per-task rows of one device buffer each, for a meta-batch
/// run one task per group. <c>Predict</c> writes each task's output row; <c>PredictPullback</c> reads the same
/// rows as cotangents and writes J(theta)ᵀ·c into <see cref="Results"/>. A theta stride of 0 shares one row among all tasks.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct ForwardArguments<T> where T : unmanaged
{
    /// <summary>Bundles the views; see each property.</summary>
    public ForwardArguments(int parameterCount, ArrayView<T> thetas, long thetaStride, ArrayView<T> inputs, long inputStride,
        ArrayView<int> dims, ArrayView<T> outputs, long outputStride, ArrayView<T> results, ArrayView<T> workspace, long workspaceStride)
    {
        ParameterCount = parameterCount;
        Thetas = thetas;
        ThetaStride = thetaStride;
        Inputs = inputs;
        InputStride = inputStride;
        Dims = dims;
        Outputs = outputs;
        OutputStride = outputStride;
        Results = results;
        Workspace = workspace;
        WorkspaceStride = workspaceStride;
    }

    /// <summary>The learner's parameter count P: the length of a row of theta and of results.</summary>
    public int ParameterCount { get; }

    /// <summary>Parameter vectors, row t at t · <see cref="ThetaStride"/>.</summary>
    public ArrayView<T> Thetas { get; }

    /// <summary>Offset between tasks' parameter vectors (0: shared).</summary>
    public long ThetaStride { get; }

    /// <summary>Each task's <c>[Forward]</c> inputs, in that method's parameter order, back to back.</summary>
    public ArrayView<T> Inputs { get; }

    /// <summary>Offset between tasks' inputs.</summary>
    public long InputStride { get; }

    /// <summary>The values of the <c>[Forward]</c> method's symbolic dims, the same for every task of the launch.</summary>
    public ArrayView<int> Dims { get; }

    /// <summary>Each task's output (<c>Predict</c>) or cotangent (<c>PredictPullback</c>), shaped like the <c>[Forward]</c> output.</summary>
    public ArrayView<T> Outputs { get; }

    /// <summary>Offset between tasks' outputs: the output's length.</summary>
    public long OutputStride { get; }

    /// <summary>[tasks, P] pulled-back gradients (unused by <c>Predict</c>).</summary>
    public ArrayView<T> Results { get; }

    /// <summary>Scratch, row t at t · <see cref="WorkspaceStride"/>.</summary>
    public ArrayView<T> Workspace { get; }

    /// <summary>Offset between tasks' scratch.</summary>
    public long WorkspaceStride { get; }

    /// <summary>Task <paramref name="task"/>'s parameter vector.</summary>
    public ArrayView<T> Theta(int task) => Thetas.SubView(task * ThetaStride, ParameterCount);

    /// <summary>Task <paramref name="task"/>'s inputs.</summary>
    public ArrayView<T> Input(int task) => Inputs.SubView(task * InputStride, InputStride);

    /// <summary>Task <paramref name="task"/>'s output or cotangent.</summary>
    public ArrayView<T> Output(int task) => Outputs.SubView(task * OutputStride, OutputStride);

    /// <summary>Task <paramref name="task"/>'s result row.</summary>
    public ArrayView<T> Result(int task) => Results.SubView((long)task * ParameterCount, ParameterCount);

    /// <summary>Task <paramref name="task"/>'s scratch.</summary>
    public ArrayView<T> Scratch(int task) => Workspace.SubView(task * WorkspaceStride, WorkspaceStride);
}
