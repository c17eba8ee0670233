using System.Globalization;
using System.Text;

namespace MetaDsl;

/// <summary>
/// A row-major tensor of <see cref="double"/> values, rank 0 to 6: the type a learner's fields and
/// method bodies use. Called directly, a learner's body runs eagerly on these tensors through the
/// reference kernels in <see cref="Ops"/>; the source generator reads the same body and emits
/// derivative code over a flat parameter vector instead.
/// </summary>
/// <remarks>
/// The constructor wraps the caller's array (no copy); every op returns a new tensor with its own
/// array and never writes to its inputs.
/// </remarks>
public sealed class Tensor
{
    /// <summary>The largest values count that <see cref="ToString"/> prints in full.</summary>
    private const int MaxPrintedValues = 64;

    /// <summary>Wraps <paramref name="data"/> (no copy) as a tensor of the given shape.</summary>
    /// <param name="data">The values, row-major.</param>
    /// <param name="shape">The dims, 0 to 6 of them, each non-negative; none means a scalar.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentException">The rank is above 4, a dim is negative, or the data length is not the product of the dims.</exception>
    public Tensor(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length > ShapeHelper.MaxRank)
            throw new ArgumentException($"Tensor: rank {shape.Length} is not supported (at most {ShapeHelper.MaxRank}): shape {ShapeHelper.Format(shape)}.", nameof(shape));
        foreach (var d in shape)
            if (d < 0)
                throw new ArgumentException($"Tensor: shape {ShapeHelper.Format(shape)} has a negative dim.", nameof(shape));
        long size = ShapeHelper.Size(shape);
        if (size != data.Length)
            throw new ArgumentException($"Tensor: shape {ShapeHelper.Format(shape)} needs {size} values but the data has {data.Length}.", nameof(data));
        Data = data;
        Shape = (int[])shape.Clone();
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A tensor of shape <c>[]</c>.</returns>
    public static Tensor Scalar(double value) => new([value]);

    /// <summary>The values, row-major (the array the tensor was made from).</summary>
    public double[] Data { get; }

    /// <summary>The dims (empty for a scalar).</summary>
    public int[] Shape { get; }

    /// <summary>The number of dims, 0 to 6.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of values (the product of the dims; 1 for a scalar).</summary>
    public int Length => Data.Length;

    /// <summary>The value at a multi-index, one entry per dim (none for a scalar).</summary>
    /// <param name="index">The index, one entry per dim.</param>
    /// <exception cref="ArgumentException">The index has the wrong number of entries.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is outside its dim.</exception>
    /// <remarks>Compiled under the name <c>At</c> (the default, <c>Item</c>, is taken by <see cref="Item"/>).</remarks>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public double this[params int[] index]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(index);
            if (index.Length != Rank)
                throw new ArgumentException($"Tensor: index {ShapeHelper.Format(index)} has {index.Length} entries but shape {ShapeHelper.Format(Shape)} has rank {Rank}.", nameof(index));
            int offset = 0;
            for (int i = 0; i < index.Length; i++)
            {
                if (index[i] < 0 || index[i] >= Shape[i])
                    throw new ArgumentOutOfRangeException(nameof(index), $"Tensor: index {ShapeHelper.Format(index)} is out of range for shape {ShapeHelper.Format(Shape)} (dim {i}).");
                offset = offset * Shape[i] + index[i];
            }
            return Data[offset];
        }
    }

    /// <summary>
    /// Position <paramref name="index"/> of axis 0 with that axis dropped, as NumPy's <c>x[i]</c>: layer
    /// <c>i</c> <c>[a, b]</c> of a stacked parameter <c>[layers, a, b]</c>, or a rank-0 tensor of a rank-1 one.
    /// In a learner the index must be known at build time (a constant or a loop variable).
    /// </summary>
    /// <param name="index">The position on axis 0, from 0.</param>
    /// <exception cref="InvalidOperationException">The tensor is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside axis 0.</exception>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[int index]
    {
        get
        {
            if (Rank == 0) throw new InvalidOperationException("Tensor: a scalar has no axis to index.");
            if (index < 0 || index >= Shape[0])
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Tensor: index {index} is not within axis 0 of shape {ShapeHelper.Format(Shape)}.");
            return Ops.Reshape(Ops.Slice(this, 0, index, 1), Shape[1..]);
        }
    }

    /// <summary>The single value of a tensor that holds exactly one (a scalar, or any shape of ones).</summary>
    /// <exception cref="InvalidOperationException">The tensor does not hold exactly one value.</exception>
    public double Item()
    {
        if (Length != 1)
            throw new InvalidOperationException($"Tensor.Item: shape {ShapeHelper.Format(Shape)} holds {Length} values, not 1.");
        return Data[0];
    }

    /// <summary>Element-wise sum with broadcasting; see <see cref="Ops.Add(Tensor, Tensor)"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>Adds a number to every value; see <see cref="Ops.Add(Tensor, double)"/>.</summary>
    public static Tensor operator +(Tensor a, double b) => Ops.Add(a, b);

    /// <summary>Adds a number to every value; see <see cref="Ops.Add(double, Tensor)"/>.</summary>
    public static Tensor operator +(double a, Tensor b) => Ops.Add(a, b);

    /// <summary>Element-wise difference with broadcasting; see <see cref="Ops.Sub(Tensor, Tensor)"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    /// <summary>Subtracts a number from every value; see <see cref="Ops.Sub(Tensor, double)"/>.</summary>
    public static Tensor operator -(Tensor a, double b) => Ops.Sub(a, b);

    /// <summary>Subtracts every value from a number; see <see cref="Ops.Sub(double, Tensor)"/>.</summary>
    public static Tensor operator -(double a, Tensor b) => Ops.Sub(a, b);

    /// <summary>Element-wise product with broadcasting; see <see cref="Ops.Mul(Tensor, Tensor)"/>.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    /// <summary>Multiplies every value by a number; see <see cref="Ops.Mul(Tensor, double)"/>.</summary>
    public static Tensor operator *(Tensor a, double b) => Ops.Mul(a, b);

    /// <summary>Multiplies a number by every value; see <see cref="Ops.Mul(double, Tensor)"/>.</summary>
    public static Tensor operator *(double a, Tensor b) => Ops.Mul(a, b);

    /// <summary>Element-wise quotient with broadcasting; see <see cref="Ops.Div(Tensor, Tensor)"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div(a, b);

    /// <summary>Divides every value by a number; see <see cref="Ops.Div(Tensor, double)"/>.</summary>
    public static Tensor operator /(Tensor a, double b) => Ops.Div(a, b);

    /// <summary>Divides a number by every value; see <see cref="Ops.Div(double, Tensor)"/>.</summary>
    public static Tensor operator /(double a, Tensor b) => Ops.Div(a, b);

    /// <summary>Element-wise negation; see <see cref="Ops.Neg(Tensor)"/>.</summary>
    public static Tensor operator -(Tensor x) => Ops.Neg(x);

    /// <summary>
    /// The shape and, for tensors of at most 64 values, the values as nested lists, e.g.
    /// <c>Tensor[2, 2] [[1, 2], [3, 4]]</c> or <c>Tensor[] 0.5</c>.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(ShapeHelper.Format(Shape));
        if (Length > MaxPrintedValues) return sb.ToString();
        sb.Append(' ');
        int offset = 0;
        AppendValues(sb, 0, ref offset);
        return sb.ToString();
    }

    private void AppendValues(StringBuilder sb, int dim, ref int offset)
    {
        if (dim == Rank)
        {
            sb.Append(Data[offset++].ToString("G6", CultureInfo.InvariantCulture));
            return;
        }
        sb.Append('[');
        for (int i = 0; i < Shape[dim]; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendValues(sb, dim + 1, ref offset);
        }
        sb.Append(']');
    }
}
