using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Tests;

/// <summary>
/// Evaluates an IR graph in double precision through the runtime's eager <see cref="Ops"/>, so that
/// derivative transforms can be checked numerically without emitting code.
/// </summary>
internal static class IrEvaluator
{
    public static Tensor[] Evaluate(IReadOnlyList<Node> nodes, Func<Node, Tensor> source, int[] dims)
    {
        var values = new Tensor[nodes.Count];
        for (int id = 0; id < nodes.Count; id++)
        {
            var n = nodes[id];
            Tensor A(int i) => values[n.Args[i]];
            values[id] = n.Op switch
            {
                OpKind.Input or OpKind.Param or OpKind.ParamTangent => source(n),
                OpKind.Const => Tensor.Scalar(n.Value),
                OpKind.Add => Ops.Add(A(0), A(1)),
                OpKind.Sub => Ops.Sub(A(0), A(1)),
                OpKind.Mul => Ops.Mul(A(0), A(1)),
                OpKind.Div => Ops.Div(A(0), A(1)),
                OpKind.Neg => Ops.Neg(A(0)),
                OpKind.Relu => Ops.Relu(A(0)),
                OpKind.Step => Map(A(0), x => x > 0 ? 1 : 0),
                OpKind.Tanh => Ops.Tanh(A(0)),
                OpKind.Sigmoid => Ops.Sigmoid(A(0)),
                OpKind.Exp => Ops.Exp(A(0)),
                OpKind.Log => Ops.Log(A(0)),
                OpKind.Square => Ops.Square(A(0)),
                OpKind.Sum => Ops.Sum(A(0)),
                OpKind.SumAxis => Ops.Sum(A(0), n.Index),
                OpKind.MatMul => Ops.MatMul(n.TransA ? Ops.Transpose(A(0)) : A(0), n.TransB ? Ops.Transpose(A(1)) : A(1)),
                OpKind.Softmax => Ops.Softmax(A(0), n.Index),
                OpKind.LogSoftmax => Ops.LogSoftmax(A(0), n.Index),
                OpKind.Reshape => Ops.Reshape(A(0), Shape(n.Shape, dims)),
                OpKind.Transpose => Ops.Transpose(A(0), n.Perm.ToArray()),
                OpKind.BroadcastTo => Ops.Add(A(0), new Tensor(new double[Size(n.Shape, dims)], Shape(n.Shape, dims))),
                OpKind.SumTo => SumTo(A(0), Shape(n.Shape, dims)),
                OpKind.ExpandAxis => Expand(A(0), n.Index, Shape(n.Shape, dims)),
                OpKind.OneHot => OneHot(A(0), n.Index),
                OpKind.DimValue => Tensor.Scalar(Size([n.DimArg!], dims)),
                _ => throw new NotSupportedException($"The evaluator has no rule for {n.Op}."),
            };
        }
        return values;
    }

    private static Tensor Map(Tensor x, Func<double, double> f) => new(x.Data.Select(f).ToArray(), x.Shape);

    private static Tensor OneHot(Tensor labels, int classes)
    {
        var data = new double[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++) data[i * classes + (int)labels.Data[i]] = 1;
        return new Tensor(data, [.. labels.Shape, classes]);
    }

    private static Tensor SumTo(Tensor x, int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[size];
        for (int i = 0; i < x.Length; i++) data[i % size] += x.Data[i];
        return new Tensor(data, shape);
    }

    private static Tensor Expand(Tensor x, int axis, int[] shape)
    {
        int outer = shape.Take(axis).Aggregate(1, (a, b) => a * b), mid = shape[axis], inner = shape.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        var data = new double[outer * mid * inner];
        for (int o = 0; o < outer; o++)
            for (int m = 0; m < mid; m++)
                for (int i = 0; i < inner; i++)
                    data[(o * mid + m) * inner + i] = x.Data[o * inner + i];
        return new Tensor(data, shape);
    }

    /// <summary>Concrete dims: a symbolic dim's symbol is bound to <paramref name="dims"/>[0] (tests use one symbol).</summary>
    public static int[] Shape(IEnumerable<Dim> shape, int[] dims)
        => shape.Select(d => (int)d.Coefficient * (d.IsConstant ? 1 : (int)Math.Pow(dims[0], d.Symbols.Count))).ToArray();

    private static int Size(IEnumerable<Dim> shape, int[] dims) => Shape(shape, dims).Aggregate(1, (a, b) => a * b);
}
