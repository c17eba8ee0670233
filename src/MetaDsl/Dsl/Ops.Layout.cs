namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// The same values (copied, in the same row-major order) under a new shape. At most one dim
    /// may be -1; it is inferred from the others.
    /// </summary>
    /// <exception cref="ArgumentException">More than one -1, another negative dim, a rank above 4, or a size that differs from the input's.</exception>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        string Shapes() => $"{ShapeHelper.Format(x.Shape)} to {ShapeHelper.Format(shape)}";
        if (shape.Length > ShapeHelper.MaxRank)
            throw new ArgumentException($"Reshape: cannot reshape {Shapes()}: rank {shape.Length} is above {ShapeHelper.MaxRank}.", nameof(shape));
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == -1)
            {
                if (inferred >= 0)
                    throw new ArgumentException($"Reshape: cannot reshape {Shapes()}: only one dim may be -1.", nameof(shape));
                inferred = d;
            }
            else if (shape[d] < 0)
                throw new ArgumentException($"Reshape: cannot reshape {Shapes()}: dim {d} is negative.", nameof(shape));
            else known *= shape[d];
        }
        var target = (int[])shape.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || x.Length % known != 0)
                throw new ArgumentException($"Reshape: cannot reshape {Shapes()}: {x.Length} values do not divide into dims of product {known}.", nameof(shape));
            target[inferred] = (int)(x.Length / known);
        }
        else if (known != x.Length)
            throw new ArgumentException($"Reshape: cannot reshape {Shapes()}: {x.Length} values, but the new shape holds {known}.", nameof(shape));
        return new Tensor((double[])x.Data.Clone(), target);
    }

    /// <summary>Swaps the last two dims (a matrix transpose, batched over any leading dims).</summary>
    /// <exception cref="ArgumentException">The rank is below 2.</exception>
    public static Tensor Transpose(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2)
            throw new ArgumentException($"Transpose: shape {ShapeHelper.Format(x.Shape)} has rank {x.Rank}; swapping the last two dims needs rank 2 or more.", nameof(x));
        var perm = new int[x.Rank];
        for (int d = 0; d < perm.Length; d++) perm[d] = d;
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Transpose(x, perm);
    }

    /// <summary>
    /// Reorders the dims: result dim <c>d</c> is input dim <c>permutation[d]</c>, so
    /// <c>result[i0, i1, ...]</c> equals <c>x</c> at the index whose entry <c>permutation[d]</c> is <c>i_d</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="permutation"/> is not a permutation of <c>0 .. rank-1</c>.</exception>
    public static Tensor Transpose(Tensor x, params int[] permutation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(permutation);
        int rank = x.Rank;
        bool valid = permutation.Length == rank;
        var seen = new bool[rank];
        for (int d = 0; valid && d < rank; d++)
        {
            int p = permutation[d];
            valid = p >= 0 && p < rank && !seen[p];
            if (valid) seen[p] = true;
        }
        if (!valid)
            throw new ArgumentException($"Transpose: {ShapeHelper.Format(permutation)} is not a permutation of the dims of shape {ShapeHelper.Format(x.Shape)}.", nameof(permutation));

        var shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = x.Shape[permutation[d]];
        var inStrides = ShapeHelper.Strides(x.Shape);
        var result = NewTensor(shape);
        var index = new int[rank]; // the result's multi-index, advanced like an odometer
        for (int flat = 0; flat < result.Length; flat++)
        {
            int source = 0;
            for (int d = 0; d < rank; d++) source += index[d] * inStrides[permutation[d]];
            result.Data[flat] = x.Data[source];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }
}
