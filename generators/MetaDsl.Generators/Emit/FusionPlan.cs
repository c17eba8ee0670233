using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>How a fused node is computed.</summary>
    internal enum FusionKind
    {
        /// <summary>Mul(a, Step(x)) as one masked copy: ReLU's adjoint and tangent.</summary>
        MulStep,

        /// <summary>Add(MatMul, MatMul) as a product followed by an accumulating product into the same buffer.</summary>
        MatMulSum,

        /// <summary>Add(MatMul, bias) with a bias per column: a linear layer, the bias added as the product is stored.</summary>
        LinearBias,

        /// <summary>Relu(Add(MatMul, bias)): a linear layer and its activation, both applied as the product is stored.</summary>
        LinearRelu,
    }

    /// <summary>A node computed by a fused kernel sequence; <paramref name="Reads"/> replace its arguments for liveness.</summary>
    internal sealed record FusedNode(FusionKind Kind, EquatableArray<int> Reads, IReadOnlyList<int> Parts);

    /// <summary>
    /// Peephole fusions chosen after the graph is final: they change which kernels run, never the
    /// values. A node absorbed into a fusion is still computed on its own if something else reads it.
    /// </summary>
    internal sealed class FusionPlan
    {
        public static readonly FusionPlan None = new FusionPlan(new Dictionary<int, FusedNode>());

        private FusionPlan(IReadOnlyDictionary<int, FusedNode> fused) => Fused = fused;

        public IReadOnlyDictionary<int, FusedNode> Fused { get; }

        /// <summary>What computing node <paramref name="n"/> reads.</summary>
        public EquatableArray<int> Reads(Node n) => Fused.TryGetValue(n.Id, out var f) ? f.Reads : n.Args;

        public static FusionPlan Create(IReadOnlyList<Node> nodes, IEnumerable<int> outputs)
        {
            var outputSet = new HashSet<int>(outputs);
            var uses = CountUses(nodes, outputSet);
            var fused = new Dictionary<int, FusedNode>();
            for (int id = 0; id < nodes.Count; id++)
            {
                if (uses[id] == 0) continue;
                var n = nodes[id];
                if (n.Op == OpKind.Mul && TryMulStep(nodes, n) is FusedNode mulStep)
                    fused[id] = mulStep;
                else if (n.Op == OpKind.Add && TryMatMulSum(nodes, n, uses, outputSet) is FusedNode sum)
                    fused[id] = sum;
                else if (n.Op == OpKind.Add && TryLinearBias(nodes, n, uses, outputSet) is FusedNode linear)
                    fused[id] = linear;
                else if (n.Op == OpKind.Relu && TryLinearRelu(nodes, n, uses, outputSet, fused) is FusedNode layer)
                {
                    // The Add's own fusion is absorbed: nothing reads the Add any more.
                    fused.Remove(n.Args[0]);
                    fused[id] = layer;
                }
            }
            return new FusionPlan(fused);
        }

        private static FusedNode? TryMulStep(IReadOnlyList<Node> nodes, Node mul)
        {
            for (int side = 0; side < 2; side++)
            {
                var step = nodes[mul.Args[side]];
                var other = nodes[mul.Args[1 - side]];
                if (step.Op == OpKind.Step && step.Shape.Equals(mul.Shape) && other.Shape.Equals(mul.Shape))
                    return new FusedNode(FusionKind.MulStep, EquatableArray.Of(other.Id, step.Args[0]), new[] { step.Id });
            }
            return null;
        }

        private static FusedNode? TryMatMulSum(IReadOnlyList<Node> nodes, Node add, int[] uses, HashSet<int> outputs)
        {
            var first = nodes[add.Args[0]];
            var second = nodes[add.Args[1]];
            bool fusable(Node m) => m.Op == OpKind.MatMul && m.Shape.Equals(add.Shape) && uses[m.Id] == 1 && !outputs.Contains(m.Id);
            if (first.Id == second.Id || !fusable(first) || !fusable(second)) return null;
            return new FusedNode(FusionKind.MatMulSum, first.Args.Concat(second.Args).Distinct().ToEquatableArray(), new[] { first.Id, second.Id });
        }

        /// <summary>Add(MatMul(a, w), b) or Add(b, MatMul(a, w)) where b is one value per column of the product, which only the Add reads.</summary>
        private static FusedNode? TryLinearBias(IReadOnlyList<Node> nodes, Node add, int[] uses, HashSet<int> outputs)
        {
            for (int side = 0; side < 2; side++)
            {
                var product = nodes[add.Args[side]];
                var bias = nodes[add.Args[1 - side]];
                if (product.Op != OpKind.MatMul || uses[product.Id] != 1 || outputs.Contains(product.Id) || !product.Shape.Equals(add.Shape)) continue;
                if (bias.Shape.Count != 1 || !bias.Shape[0].Equals(add.Shape[add.Shape.Count - 1])) continue;
                return new FusedNode(FusionKind.LinearBias, product.Args.Concat(new[] { bias.Id }).Distinct().ToEquatableArray(), new[] { product.Id });
            }
            return null;
        }

        /// <summary>Relu of a fused linear layer that only the Relu reads.</summary>
        private static FusedNode? TryLinearRelu(IReadOnlyList<Node> nodes, Node relu, int[] uses, HashSet<int> outputs, Dictionary<int, FusedNode> fused)
        {
            int add = relu.Args[0];
            if (uses[add] != 1 || outputs.Contains(add) || !fused.TryGetValue(add, out var linear) || linear.Kind != FusionKind.LinearBias) return null;
            return new FusedNode(FusionKind.LinearRelu, linear.Reads, new[] { add, linear.Parts[0] });
        }

        /// <summary>Uses of each node reachable from the outputs (an output counts as a use); zero for the rest.</summary>
        private static int[] CountUses(IReadOnlyList<Node> nodes, HashSet<int> outputs)
        {
            var uses = new int[nodes.Count];
            foreach (var o in outputs) uses[o] = 1;
            var stack = new Stack<int>(outputs);
            var seen = new bool[nodes.Count];
            while (stack.Count > 0)
            {
                int id = stack.Pop();
                if (seen[id]) continue;
                seen[id] = true;
                foreach (var a in nodes[id].Args)
                {
                    uses[a]++;
                    stack.Push(a);
                }
            }
            return uses;
        }
    }
}
