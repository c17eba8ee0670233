using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Emit
{
    /// <summary>Writes the kernel calls of a fused node in place of its op's own emission.</summary>
    internal static class FusedEmitter
    {
        public static void Emit(CpuEmitContext c, IReadOnlyList<Node> nodes, FusedNode fused, IReadOnlyDictionary<int, string> locals)
        {
            switch (fused.Kind)
            {
                case FusionKind.MulStep:
                    c.Line($"global::MetaDsl.Kernels.ElementWise.MulStep<T>({locals[fused.Reads[0]]}, {locals[fused.Reads[1]]}, {c.Dst}); // fused with Step");
                    break;
                case FusionKind.MatMulSum:
                    // Each product is emitted by the MatMul rule itself, the second accumulating into the first's output.
                    var first = nodes[fused.Parts[0]];
                    var second = nodes[fused.Parts[1]];
                    var matMul = (MatMulOp)OpTable.Get(OpKind.MatMul);
                    c.Line(matMul.Call(first, nodes[first.Args[0]].Shape, nodes[first.Args[1]].Shape, locals[first.Args[0]], locals[first.Args[1]], c.Dst, accumulate: false) + " // fused sum of products");
                    c.Line(matMul.Call(second, nodes[second.Args[0]].Shape, nodes[second.Args[1]].Shape, locals[second.Args[0]], locals[second.Args[1]], c.Dst, accumulate: true));
                    break;
                case FusionKind.LinearBias:
                case FusionKind.LinearRelu:
                    bool relu = fused.Kind == FusionKind.LinearRelu;
                    var add = relu ? nodes[fused.Parts[0]] : c.Node;
                    var product = nodes[fused.Parts[fused.Parts.Count - 1]];
                    int bias = add.Args[0] == product.Id ? add.Args[1] : add.Args[0];
                    var linear = (MatMulOp)OpTable.Get(OpKind.MatMul);
                    c.Line(linear.BiasCall(product, nodes[product.Args[0]].Shape, nodes[product.Args[1]].Shape, locals[product.Args[0]], locals[product.Args[1]], locals[bias], c.Dst, relu)
                        + (relu ? " // fused MatMul, Add and Relu" : " // fused MatMul and Add"));
                    break;
            }
        }
    }
}
