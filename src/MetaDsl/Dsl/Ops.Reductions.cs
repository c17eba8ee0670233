namespace MetaDsl;

public static partial class Ops
{
    /// <summary>The sum of all values, as a rank-0 tensor (0 for an empty tensor).</summary>
    public static Tensor Sum(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x.Data[i];
        return Tensor.Scalar(s);
    }

    /// <summary>Sums over one axis, which is removed from the shape (e.g. <c>[2, 3, 4]</c> over axis 1 gives <c>[2, 4]</c>) or kept with size 1.</summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis; a negative one counts from the end (-1 is the last).</param>
    /// <param name="keepDims">Keep the axis with size 1 (<c>[2, 1, 4]</c>), so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape.</exception>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) => KeepDims(ReduceAxis(nameof(Sum), x, axis, mean: false), x, axis, keepDims);

    /// <summary>The mean of all values, as a rank-0 tensor (NaN for an empty tensor).</summary>
    public static Tensor Mean(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.Scalar(Sum(x).Data[0] / x.Length);
    }

    /// <summary>Averages over one axis, which is removed from the shape (e.g. <c>[2, 3, 4]</c> over axis -1 gives <c>[2, 3]</c>) or kept with size 1.</summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis; a negative one counts from the end (-1 is the last).</param>
    /// <param name="keepDims">Keep the axis with size 1 (<c>[2, 3, 1]</c>), so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape.</exception>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) => KeepDims(ReduceAxis(nameof(Mean), x, axis, mean: true), x, axis, keepDims);

    /// <summary>Mean squared error: the mean of <c>(prediction - target)²</c>, as a rank-0 tensor.</summary>
    /// <exception cref="ArgumentException">The shapes are not equal.</exception>
    public static Tensor Mse(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new ArgumentException($"Mse: shapes {ShapeHelper.Format(prediction.Shape)} and {ShapeHelper.Format(target.Shape)} must be equal.");
        double s = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double d = prediction.Data[i] - target.Data[i];
            s += d * d;
        }
        return Tensor.Scalar(s / prediction.Length);
    }

    /// <summary>
    /// Sums (or averages) over <paramref name="axis"/>. The shape splits as
    /// <c>[outer..., n, inner...]</c>; value <c>(o, k, i)</c> sits at <c>(o * n + k) * inner + i</c>.
    /// </summary>
    private static Tensor ReduceAxis(string op, Tensor x, int axis, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = ShapeHelper.NormalizeAxis(op, axis, x.Shape);
        var (outer, n, inner) = SplitAtAxis(x.Shape, a);
        var result = NewTensor(RemoveAxis(x.Shape, a));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += x.Data[(o * n + k) * inner + i];
                result.Data[o * inner + i] = mean ? s / n : s;
            }
        return result;
    }

    /// <summary>The product of the dims before <paramref name="axis"/>, the axis's dim, and the product of the dims after it.</summary>
    private static (int Outer, int N, int Inner) SplitAtAxis(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, shape[axis], inner);
    }

    /// <summary>The shape with one axis taken out.</summary>
    private static int[] RemoveAxis(int[] shape, int axis)
    {
        var result = new int[shape.Length - 1];
        for (int d = 0, j = 0; d < shape.Length; d++)
            if (d != axis) result[j++] = shape[d];
        return result;
    }
}
