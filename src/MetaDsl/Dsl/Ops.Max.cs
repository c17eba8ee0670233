namespace MetaDsl;

public static partial class Ops
{
    /// <summary>The largest value, as a rank-0 tensor. Derivatives go to the first largest value (in row-major order).</summary>
    /// <exception cref="ArgumentException">The tensor is empty.</exception>
    public static Tensor Max(Tensor x) => Extreme(nameof(Max), x, max: true);

    /// <summary>The largest value along one axis, which is removed (or kept with size 1). Derivatives go to the first largest value along the axis.</summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis; a negative one counts from the end (-1 is the last).</param>
    /// <param name="keepDims">Keep the axis with size 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape, or has size 0.</exception>
    public static Tensor Max(Tensor x, int axis, bool keepDims = false) => KeepDims(ExtremeAxis(nameof(Max), x, axis, max: true), x, axis, keepDims);

    /// <summary>The smallest value, as a rank-0 tensor. Derivatives go to the first smallest value (in row-major order).</summary>
    /// <exception cref="ArgumentException">The tensor is empty.</exception>
    public static Tensor Min(Tensor x) => Extreme(nameof(Min), x, max: false);

    /// <summary>The smallest value along one axis, which is removed (or kept with size 1). Derivatives go to the first smallest value along the axis.</summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis; a negative one counts from the end (-1 is the last).</param>
    /// <param name="keepDims">Keep the axis with size 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape, or has size 0.</exception>
    public static Tensor Min(Tensor x, int axis, bool keepDims = false) => KeepDims(ExtremeAxis(nameof(Min), x, axis, max: false), x, axis, keepDims);

    private static Tensor Extreme(string op, Tensor x, bool max)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) throw new ArgumentException($"{op}: shape {ShapeHelper.Format(x.Shape)} holds no values.", nameof(x));
        double best = x.Data[0];
        for (int i = 1; i < x.Length; i++)
            if (max ? x.Data[i] > best : x.Data[i] < best) best = x.Data[i];
        return Tensor.Scalar(best);
    }

    private static Tensor ExtremeAxis(string op, Tensor x, int axis, bool max)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = ShapeHelper.NormalizeAxis(op, axis, x.Shape);
        var (outer, n, inner) = SplitAtAxis(x.Shape, a);
        if (n == 0) throw new ArgumentException($"{op}: axis {axis} of shape {ShapeHelper.Format(x.Shape)} has size 0.", nameof(axis));
        var result = NewTensor(RemoveAxis(x.Shape, a));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double best = x.Data[o * n * inner + i];
                for (int k = 1; k < n; k++)
                {
                    double v = x.Data[(o * n + k) * inner + i];
                    if (max ? v > best : v < best) best = v;
                }
                result.Data[o * inner + i] = best;
            }
        return result;
    }

    /// <summary><paramref name="reduced"/> (<paramref name="x"/> reduced over <paramref name="axis"/>) with the axis put back as size 1 when <paramref name="keepDims"/> is set.</summary>
    private static Tensor KeepDims(Tensor reduced, Tensor x, int axis, bool keepDims)
    {
        if (!keepDims) return reduced;
        var shape = (int[])x.Shape.Clone();
        shape[ShapeHelper.NormalizeAxis("keepDims", axis, x.Shape)] = 1;
        return new Tensor(reduced.Data, shape);
    }
}
