using ILGPU;

namespace MetaDsl.Kernels.Gpu.Programs;

/// <summary>
/// What a generated task kernel receives: per-task rows of one device buffer each, for a meta-batch
/// run one task per group. A stride of 0 shares one row among all tasks (one theta for the whole batch).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct TaskArguments<T> where T : unmanaged
{
    /// <summary>Bundles the views; see each property.</summary>
    public TaskArguments(int parameterCount, ArrayView<T> thetas, long thetaStride, ArrayView<T> directions, long directionStride,
        ArrayView<T> inputs, long inputStride, ArrayView<int> dims, ArrayView<T> results, ArrayView<T> losses,
        ArrayView<T> workspace, long workspaceStride)
    {
        ParameterCount = parameterCount;
        Thetas = thetas;
        ThetaStride = thetaStride;
        Directions = directions;
        DirectionStride = directionStride;
        Inputs = inputs;
        InputStride = inputStride;
        Dims = dims;
        Results = results;
        Losses = losses;
        Workspace = workspace;
        WorkspaceStride = workspaceStride;
    }

    /// <summary>The learner's parameter count P: the length of a row of theta, v and results.</summary>
    public int ParameterCount { get; }

    /// <summary>Parameter vectors, row t at t · <see cref="ThetaStride"/>.</summary>
    public ArrayView<T> Thetas { get; }

    /// <summary>Offset between tasks' parameter vectors (0: shared).</summary>
    public long ThetaStride { get; }

    /// <summary>H·v directions, row t at t · <see cref="DirectionStride"/> (unused by loss and gradient).</summary>
    public ArrayView<T> Directions { get; }

    /// <summary>Offset between tasks' directions (0: shared).</summary>
    public long DirectionStride { get; }

    /// <summary>Each task's inputs, in the loss method's parameter order, back to back.</summary>
    public ArrayView<T> Inputs { get; }

    /// <summary>Offset between tasks' inputs.</summary>
    public long InputStride { get; }

    /// <summary>The values of the learner's symbolic dims, the same for every task of the launch.</summary>
    public ArrayView<int> Dims { get; }

    /// <summary>[tasks, P] outputs: gradients, H·v or mixed products (unused by the loss).</summary>
    public ArrayView<T> Results { get; }

    /// <summary>[tasks] losses.</summary>
    public ArrayView<T> Losses { get; }

    /// <summary>Scratch, row t at t · <see cref="WorkspaceStride"/>.</summary>
    public ArrayView<T> Workspace { get; }

    /// <summary>Offset between tasks' scratch.</summary>
    public long WorkspaceStride { get; }

    /// <summary>Task <paramref name="task"/>'s parameter vector.</summary>
    public ArrayView<T> Theta(int task) => Thetas.SubView(task * ThetaStride, ParameterCount);

    /// <summary>Task <paramref name="task"/>'s direction.</summary>
    public ArrayView<T> Direction(int task) => Directions.SubView(task * DirectionStride, ParameterCount);

    /// <summary>Task <paramref name="task"/>'s inputs.</summary>
    public ArrayView<T> Input(int task) => Inputs.SubView(task * InputStride, InputStride);

    /// <summary>Task <paramref name="task"/>'s output row.</summary>
    public ArrayView<T> Result(int task) => Results.SubView((long)task * ParameterCount, ParameterCount);

    /// <summary>Task <paramref name="task"/>'s scratch.</summary>
    public ArrayView<T> Scratch(int task) => Workspace.SubView(task * WorkspaceStride, WorkspaceStride);
}
