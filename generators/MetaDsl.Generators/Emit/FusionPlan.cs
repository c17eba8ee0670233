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
