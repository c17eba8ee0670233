namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// A dense layer without bias: <c>x @ w</c>, where <paramref name="x"/> is <c>[..., in]</c>
    /// (rank 1 to 6) and <paramref name="w"/> is <c>[in, out]</c>; the result is <c>[..., out]</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is not rank 2, <paramref name="x"/> is rank 0, or the <c>in</c> dims differ.</exception>
    public static Tensor Linear(Tensor x, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        if (w.Rank != 2 || x.Rank == 0 || x.Shape[^1] != w.Shape[0])
            throw new ArgumentException($"Linear: x {ShapeHelper.Format(x.Shape)} and w {ShapeHelper.Format(w.Shape)} do not match (x must be [..., in] and w [in, out]).");
        int inDim = w.Shape[0], outDim = w.Shape[1];
        int rows = (int)ShapeHelper.Size(x.Shape.AsSpan(0, x.Rank - 1));
        var shape = (int[])x.Shape.Clone();
        shape[^1] = outDim;
        var result = NewTensor(shape);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < outDim; j++)
            {
                double s = 0;
                for (int k = 0; k < inDim; k++) s += x.Data[r * inDim + k] * w.Data[k * outDim + j];
                result.Data[r * outDim + j] = s;
            }
        return result;
    }

    /// <summary>
    /// A dense layer: <c>x @ w + b</c>, where <paramref name="x"/> is <c>[..., in]</c>,
    /// <paramref name="w"/> is <c>[in, out]</c> and <paramref name="b"/> broadcasts to the result
    /// <c>[..., out]</c> as in <see cref="Add(Tensor, Tensor)"/> (usually <c>[out]</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes of <paramref name="x"/> and <paramref name="w"/> do not match, or <paramref name="b"/> does not broadcast to the result without enlarging it.</exception>
    public static Tensor Linear(Tensor x, Tensor w, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var xw = Linear(x, w);
        var shape = ShapeHelper.TryBroadcast(xw.Shape, b.Shape);
        if (shape is null || !shape.AsSpan().SequenceEqual(xw.Shape))
            throw new ArgumentException($"Linear: bias b {ShapeHelper.Format(b.Shape)} does not broadcast to the output {ShapeHelper.Format(xw.Shape)} of x {ShapeHelper.Format(x.Shape)} @ w {ShapeHelper.Format(w.Shape)}.");
        return Add(xw, b);
    }

    /// <summary>
    /// Matrix product over the last two dims: <c>[..., p, q] @ [q, r]</c> (the right matrix shared
    /// by every batch entry) or <c>[..., p, q] @ [..., q, r]</c> (the same batch dims on both sides).
    /// Both operands have rank 2 to 4; the result is <c>[..., p, r]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A rank is outside 2 to 4, the batch dims differ, or the inner dims <c>q</c> differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        string Shapes() => $"{ShapeHelper.Format(a.Shape)} and {ShapeHelper.Format(b.Shape)}";
        if (a.Rank < 2 || b.Rank < 2)
            throw new ArgumentException($"MatMul: shapes {Shapes()} must both have rank 2 to 4.");
        bool shared = b.Rank == 2;
        if (!shared && (b.Rank != a.Rank || !a.Shape.AsSpan(0, a.Rank - 2).SequenceEqual(b.Shape.AsSpan(0, b.Rank - 2))))
            throw new ArgumentException($"MatMul: shapes {Shapes()} have different batch dims (the right operand must be [q, r] or have the left's batch dims).");
        int p = a.Shape[^2], q = a.Shape[^1], r = b.Shape[^1];
        if (b.Shape[^2] != q)
            throw new ArgumentException($"MatMul: shapes {Shapes()} do not multiply (inner dims {q} and {b.Shape[^2]} differ).");
        var shape = (int[])a.Shape.Clone();
        shape[^1] = r;
        var result = NewTensor(shape);
        int batch = (int)ShapeHelper.Size(a.Shape.AsSpan(0, a.Rank - 2));
        for (int n = 0; n < batch; n++)
        {
            int aOff = n * p * q, bOff = shared ? 0 : n * q * r, cOff = n * p * r;
            for (int i = 0; i < p; i++)
                for (int j = 0; j < r; j++)
                {
                    double s = 0;
                    for (int k = 0; k < q; k++) s += a.Data[aOff + i * q + k] * b.Data[bOff + k * r + j];
                    result.Data[cOff + i * r + j] = s;
                }
        }
        return result;
    }
}
