using System.Globalization;

namespace MetaDsl;

public static partial class Ops
{
    /// <summary>Positions <c>start … start + length - 1</c> of one axis (e.g. <c>[2, 5]</c> sliced on axis 1 from 1 with length 3 gives <c>[2, 3]</c>).</summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis; a negative one counts from the end. In a learner its dim must be a constant.</param>
    /// <param name="start">The first position kept, from 0.</param>
    /// <param name="length">How many positions are kept, at least 1.</param>
    /// <exception cref="ArgumentException">The axis is out of range, or the positions are not within it.</exception>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = ShapeHelper.NormalizeAxis(nameof(Slice), axis, x.Shape);
        var (outer, n, inner) = SplitAtAxis(x.Shape, a);
        if (start < 0 || length < 1 || start + length > n)
            throw new ArgumentException($"Slice: positions {start} to {start + length - 1} are not within axis {axis} of shape {ShapeHelper.Format(x.Shape)} (length must be at least 1).");
        var shape = (int[])x.Shape.Clone();
        shape[a] = length;
        var result = NewTensor(shape);
        for (int o = 0; o < outer; o++)
            Array.Copy(x.Data, (o * n + start) * inner, result.Data, o * length * inner, length * inner);
        return result;
    }

    /// <summary>Joins tensors along one axis (e.g. <c>[2, 3]</c> and <c>[2, 1]</c> on axis 1 give <c>[2, 4]</c>); every other dim must agree.</summary>
    /// <param name="axis">The axis; a negative one counts from the end. In a learner the joined dims must be constants.</param>
    /// <param name="tensors">The tensors, at least one, in order.</param>
    /// <exception cref="ArgumentException">No tensors, or their shapes differ off the axis.</exception>
    public static Tensor Concat(int axis, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Concat: there are no tensors to join.", nameof(tensors));
        var first = tensors[0].Shape;
        int a = ShapeHelper.NormalizeAxis(nameof(Concat), axis, first);
        var shape = (int[])first.Clone();
        shape[a] = 0;
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t);
            bool agrees = t.Rank == first.Length;
            for (int d = 0; agrees && d < first.Length; d++) agrees = d == a || t.Shape[d] == first[d];
            if (!agrees) throw new ArgumentException($"Concat: shapes {ShapeHelper.Format(first)} and {ShapeHelper.Format(t.Shape)} differ off axis {axis}.", nameof(tensors));
            shape[a] += t.Shape[a];
        }
        var result = NewTensor(shape);
        var (outer, total, inner) = SplitAtAxis(shape, a);
        int offset = 0;
        foreach (var t in tensors)
        {
            int n = t.Shape[a];
            for (int o = 0; o < outer; o++)
                Array.Copy(t.Data, o * n * inner, result.Data, (o * total + offset) * inner, n * inner);
            offset += n;
        }
        return result;
    }

    /// <summary>
    /// Rows of <paramref name="table"/> <c>[v, d]</c> picked by <paramref name="indices"/> (class indices stored as
    /// double, any shape <c>[...]</c>): the result is <c>[..., d]</c>, an embedding lookup. Its gradient adds each
    /// picked row's adjoint into that row of the table.
    /// </summary>
    /// <exception cref="ArgumentException">The table is not rank 2, or an index is not an integer in <c>[0, v)</c>.</exception>
    public static Tensor Gather(Tensor table, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(indices);
        if (table.Rank != 2) throw new ArgumentException($"Gather: table {ShapeHelper.Format(table.Shape)} must be [v, d].", nameof(table));
        int rows = table.Shape[0], d = table.Shape[1];
        var shape = new int[indices.Rank + 1];
        indices.Shape.CopyTo(shape, 0);
        shape[^1] = d;
        var result = NewTensor(shape);
        for (int i = 0; i < indices.Length; i++)
        {
            double index = indices.Data[i];
            if (!(index >= 0 && index < rows && index == Math.Floor(index)))
                throw new ArgumentException($"Gather: index at {FormatFlatIndex(i, indices.Shape)} is {index.ToString(CultureInfo.InvariantCulture)}, expected an integer row in [0, {rows}).", nameof(indices));
            Array.Copy(table.Data, (int)index * d, result.Data, i * d, d);
        }
        return result;
    }

    /// <summary>
    /// Class indices (stored as double, any shape <c>[...]</c>) as one-hot rows <c>[..., classes]</c>: 1 at each index,
    /// 0 elsewhere. A target a learned loss can read beside a prediction; it has no derivative (labels are data).
    /// </summary>
    /// <param name="labels">The class indices.</param>
    /// <param name="classes">The number of classes, at least 1; in a learner a constant.</param>
    /// <exception cref="ArgumentException">The class count is below 1, or a label is not an integer in <c>[0, classes)</c>.</exception>
    public static Tensor OneHot(Tensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classes < 1) throw new ArgumentException($"OneHot: the class count is {classes}; it must be at least 1.", nameof(classes));
        var shape = new int[labels.Rank + 1];
        labels.Shape.CopyTo(shape, 0);
        shape[^1] = classes;
        var result = NewTensor(shape);
        for (int i = 0; i < labels.Length; i++)
        {
            double label = labels.Data[i];
            if (!(label >= 0 && label < classes && label == Math.Floor(label)))
                throw new ArgumentException($"OneHot: label at {FormatFlatIndex(i, labels.Shape)} is {label.ToString(CultureInfo.InvariantCulture)}, expected an integer class in [0, {classes}).", nameof(labels));
            result.Data[i * classes + (int)label] = 1;
        }
        return result;
    }
}
