using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Transforms;

namespace MetaDsl.Generators.Tests;

/// <summary>
/// The derivative transforms map IR to IR, so they compose to any order: forward mode applied to
/// the H·v graph gives the third derivative T[v, u], checked here against finite differences of H·v.
/// </summary>
public class TransformCompositionTests
{
    private const int Rows = 4;

    [Fact]
    public void ThirdDerivativeByComposingTransformsMatchesFiniteDifferencesOfHv()
    {
        var b = new GraphBuilder();
        var n = Dim.Symbol("n");
        int x = b.Input(0, "x", Shapes.Of(n, Dim.Const(3)));
        int labels = b.Input(1, "labels", Shapes.Of(n));
        int w1 = b.Param(0, "W1", Shapes.Of(Dim.Const(3), Dim.Const(4)));
        int b1 = b.Param(1, "B1", Shapes.Of(Dim.Const(4)));
        int w2 = b.Param(2, "W2", Shapes.Of(Dim.Const(4), Dim.Const(3)));
        int hidden = b.Unary(OpKind.Tanh, b.Linear(x, w1, b1));
        int loss = b.Add(b.SoftmaxCrossEntropy(b.Linear(hidden, w2, null), labels), b.Mean(b.Unary(OpKind.Sigmoid, hidden)));
        int[] parameters = [w1, b1, w2];

        // Reverse, then forward along v (H·v), then forward again along u (T[v, u]): three transforms.
        var grads = ReverseMode.Gradients(b, loss, parameters);
        var v = parameters.Select((p, i) => b.ParamTangent(i, "v", b.ShapeOf(p))).ToArray();
        var hvTangents = ForwardMode.Tangents(b, parameters.Zip(v).ToDictionary(t => t.First, t => t.Second), b.Nodes.Count - 1);
        var hv = grads.Select(g => hvTangents[g]).ToArray();
        var u = parameters.Select((p, i) => b.ParamTangent(i, "u", b.ShapeOf(p))).ToArray();
        var thirdTangents = ForwardMode.Tangents(b, parameters.Zip(u).ToDictionary(t => t.First, t => t.Second), b.Nodes.Count - 1);
        var third = hv.Select(h => thirdTangents[h]).ToArray();

        var rng = new Random(7);
        Tensor Random(params int[] shape) => new(Enumerable.Range(0, shape.Aggregate(1, (p, q) => p * q)).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), shape);
        var theta = new[] { Random(3, 4), Random(4), Random(4, 3) };
        var vs = new[] { Random(3, 4), Random(4), Random(4, 3) };
        var us = new[] { Random(3, 4), Random(4), Random(4, 3) };
        var inputs = new[] { Random(Rows, 3), new Tensor([0, 2, 1, 2], Rows) };

        Tensor[] Run(Tensor[] at) => IrEvaluator.Evaluate(b.Nodes, node => node.Op switch
        {
            OpKind.Input => inputs[node.Index],
            OpKind.Param => at[node.Index],
            _ => node.Name == "v" ? vs[node.Index] : us[node.Index],
        }, [Rows]);

        var values = Run(theta);
        const double h = 1e-5;
        Tensor[] Shifted(double sign) => theta.Select((t, i) => new Tensor(t.Data.Select((d, j) => d + sign * h * us[i].Data[j]).ToArray(), t.Shape)).ToArray();
        var up = Run(Shifted(+1));
        var down = Run(Shifted(-1));

        double diff = 0, norm = 0;
        for (int p = 0; p < parameters.Length; p++)
        {
            for (int j = 0; j < values[third[p]].Length; j++)
            {
                double fd = (up[hv[p]].Data[j] - down[hv[p]].Data[j]) / (2 * h);
                diff += Math.Pow(values[third[p]].Data[j] - fd, 2);
                norm += fd * fd;
            }
        }
        Assert.True(norm > 1e-6, "the third derivative should not vanish for this function");
        Assert.InRange(Math.Sqrt(diff / norm), 0, 1e-7);
    }
}
