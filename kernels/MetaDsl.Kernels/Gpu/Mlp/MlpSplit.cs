using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// One split (support or query) of every task of a meta-batch on the device: X [tasks, points, in]
/// and Y [tasks, points, out] row-major, with the loss scales precomputed on the host (kernels
/// cannot convert an int to a generic T).
/// </summary>
public readonly struct MlpSplit<T> where T : unmanaged, INumber<T>
{
    /// <summary>Wraps the views of <paramref name="points"/> points per task of the <paramref name="shape"/> network.</summary>
    public MlpSplit(MlpShape shape, ArrayView<T> x, ArrayView<T> y, int points, T inverseCount)
    {
        ArgumentNullException.ThrowIfNull(shape);
        X = x;
        Y = y;
        Points = points;
        InputSize = shape.InputSize;
        OutputSize = shape.OutputSize;
        InverseCount = inverseCount;
    }

    /// <summary>Inputs of every task.</summary>
    public ArrayView<T> X { get; }

    /// <summary>Targets of every task.</summary>
    public ArrayView<T> Y { get; }

    /// <summary>Points per task.</summary>
    public int Points { get; }

    /// <summary>Features per point.</summary>
    public int InputSize { get; }

    /// <summary>Outputs per point.</summary>
    public int OutputSize { get; }

    /// <summary>1 / (points · outputs): the MSE's mean.</summary>
    public T InverseCount { get; }

    /// <summary>Inputs of task <paramref name="task"/>.</summary>
    public ArrayView<T> TaskX(int task) => X.SubView((long)task * Points * InputSize, (long)Points * InputSize);

    /// <summary>Targets of task <paramref name="task"/>.</summary>
    public ArrayView<T> TaskY(int task) => Y.SubView((long)task * Points * OutputSize, (long)Points * OutputSize);
}
