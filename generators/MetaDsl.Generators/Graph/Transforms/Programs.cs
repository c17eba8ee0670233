using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Transforms
{
    /// <summary>Builds each generated method's graph by composing the transforms over the learner's loss graph.</summary>
    internal static class Programs
    {
        public static DerivedProgram Value(GraphSpec graph) => new DerivedProgram(graph.Nodes, graph.Output, new int[0]);

        /// <summary>Reverse mode over the loss: the graph every derivative program of the learner continues.</summary>
        public static ReverseGraph Reverse(LearnerSpec learner, CancellationToken cancellationToken = default)
        {
            var b = new GraphBuilder(learner.Loss.Graph.Nodes, cancellationToken);
            var paramNodes = ParamNodes(b, learner);
            return new ReverseGraph(b, paramNodes, ReverseMode.Gradients(b, learner.Loss.Graph.Output, paramNodes));
        }

        /// <summary>
        /// The gradient of <paramref name="objective"/> (the <c>[Loss]</c> or the <c>[MetaLoss]</c>). With
        /// <paramref name="adaptedOnly"/>, meta-parameters are not differentiated at all, so nothing that only
        /// their gradient needs is built: the inner loop's gradient.
        /// </summary>
        public static DerivedProgram Gradient(LearnerSpec learner, ProgramSpec objective, bool adaptedOnly, CancellationToken cancellationToken = default)
        {
            var b = new GraphBuilder(objective.Graph.Nodes, cancellationToken);
            var sources = ParamNodes(b, learner);
            if (adaptedOnly)
                for (int i = 0; i < sources.Length; i++)
                    if (learner.Parameters[i].IsMeta) sources[i] = -1;
            var grads = ReverseMode.Gradients(b, objective.Graph.Output, sources);
            return new DerivedProgram(b.Nodes.ToList(), objective.Graph.Output, grads);
        }

        public static DerivedProgram Gradient(LearnerSpec learner, ReverseGraph reverse)
            => new DerivedProgram(reverse.Builder.Nodes.ToList(), learner.Loss.Graph.Output, reverse.Gradients);

        /// <summary>
        /// Forward over reverse: the tangent of the gradient along v. With <paramref name="metaFixed"/>,
        /// meta-parameters get no tangent, so their block is d/dphi (dL/dtheta · v): the mixed product.
        /// </summary>
        public static DerivedProgram HessianVector(LearnerSpec learner, ReverseGraph reverse, bool metaFixed)
        {
            var b = reverse.Builder.Fork();
            var paramNodes = reverse.ParamNodes;
            int last = b.Nodes.Count - 1;
            var seeds = new Dictionary<int, int>();
            for (int i = 0; i < paramNodes.Length; i++)
            {
                var p = learner.Parameters[i];
                if (paramNodes[i] < 0 || (metaFixed && p.IsMeta)) continue;
                seeds[paramNodes[i]] = b.ParamTangent(i, p.Name, b.ShapeOf(paramNodes[i]));
            }
            var tangents = ForwardMode.Tangents(b, seeds, last);
            var hv = reverse.Gradients.Select(g => g >= 0 && tangents.TryGetValue(g, out var t) ? t : -1).ToArray();
            for (int i = 0; i < hv.Length; i++)
                if (hv[i] >= 0) hv[i] = b.Broadcast(hv[i], b.ShapeOf(paramNodes[i]));
            return new DerivedProgram(b.Nodes.ToList(), -1, hv);
        }

        /// <summary>
        /// J(theta)ᵀ·c for the forward program: reverse mode of Sum(output ⊙ c), where c is an extra
        /// input placed after the forward inputs.
        /// </summary>
        public static DerivedProgram Pullback(LearnerSpec learner, ProgramSpec forward, CancellationToken cancellationToken = default)
        {
            var b = new GraphBuilder(forward.Graph.Nodes, cancellationToken);
            int output = forward.Graph.Output;
            int cotangent = b.Input(forward.Inputs.Count, "cotangent", b.ShapeOf(output));
            int paired = b.Sum(b.Mul(output, cotangent));
            var grads = ReverseMode.Gradients(b, paired, ParamNodes(b, learner));
            return new DerivedProgram(b.Nodes.ToList(), -1, grads);
        }

        /// <summary>
        /// J(x)ᵀ·c for the forward program's first input x: reverse mode of Sum(output ⊙ c) with respect to
        /// that input rather than the parameters (how a learned optimizer's features are differentiated).
        /// The one result is -1 when the output does not depend on x.
        /// </summary>
        public static DerivedProgram InputPullback(ProgramSpec forward, CancellationToken cancellationToken = default)
        {
            var b = new GraphBuilder(forward.Graph.Nodes, cancellationToken);
            int output = forward.Graph.Output;
            int cotangent = b.Input(forward.Inputs.Count, "cotangent", b.ShapeOf(output));
            int paired = b.Sum(b.Mul(output, cotangent));
            int input = b.Nodes.FirstOrDefault(n => n.Op == OpKind.Input && n.Index == 0)?.Id ?? -1;
            var grads = ReverseMode.Gradients(b, paired, new[] { input });
            if (grads[0] >= 0) grads[0] = b.Broadcast(grads[0], b.ShapeOf(input));
            return new DerivedProgram(b.Nodes.ToList(), -1, grads);
        }

        /// <summary>The Param node of each learner parameter, or -1 when the loss never reads it.</summary>
        private static int[] ParamNodes(GraphBuilder b, LearnerSpec learner)
        {
            var result = Enumerable.Repeat(-1, learner.Parameters.Count).ToArray();
            foreach (var n in b.Nodes)
                if (n.Op == OpKind.Param) result[n.Index] = n.Id;
            return result;
        }
    }
}
