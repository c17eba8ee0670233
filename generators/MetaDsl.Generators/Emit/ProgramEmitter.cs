using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Writes the body of one generated method: input checks and symbol binding, views of theta and
    /// v, workspace slots, then one kernel call per live node. Returns the local that holds each node.
    /// </summary>
    internal static class ProgramEmitter
    {
        /// <param name="w">The writer.</param>
        /// <param name="learner">The learner.</param>
        /// <param name="program">The method whose inputs are bound.</param>
        /// <param name="nodes">The derived graph.</param>
        /// <param name="outputs">Nodes the method reads out.</param>
        /// <param name="batch">The name of the batch argument.</param>
        /// <param name="cancellationToken">Observed at every node.</param>
        /// <param name="destinations">Output nodes computed straight into caller memory: node id to a span expression.</param>
        /// <param name="afterBinding">Writes checks that need the bound dims, before any kernel runs.</param>
        public static IReadOnlyDictionary<int, string> Emit(IndentedWriter w, LearnerSpec learner, ProgramSpec program, IReadOnlyList<Node> nodes, IEnumerable<int> outputs, string batch, System.Threading.CancellationToken cancellationToken, IReadOnlyDictionary<int, string>? destinations = null, System.Action? afterBinding = null)
        {
            string learnerName = Quote(learner.ClassName);
            BindInputs(w, learnerName, program, batch);
            afterBinding?.Invoke();

            destinations ??= new Dictionary<int, string>();
            var outputList = outputs.ToList();
            var fusion = FusionPlan.Create(nodes, outputList);
            var order = BufferPlan.LiveOrder(nodes, outputList, fusion);
            var fixedNodes = new HashSet<int>(outputList.Concat(destinations.Keys));
            var runs = LoopRoller.Find(nodes, order, fusion, fixedNodes, cancellationToken);
            var external = new HashSet<int>(destinations.Keys);
            foreach (var run in runs)
                for (int p = run.Start; p < run.End; p++) external.Add(order[p]);
            var plan = BufferPlan.Create(nodes, outputList, fusion, external);
            var rolled = new RolledRunEmitter(w, nodes, order, fusion, runs);

            var sizes = plan.SlotSizes.Concat(rolled.RegionSizes).ToList();
            if (sizes.Count > 0)
            {
                // Offsets are polynomials in the dims, a few terms each: text linear in the number of slots.
                var offsets = new List<string>();
                var end = DimSum.Zero;
                foreach (var size in sizes)
                {
                    offsets.Add(end.ToCode());
                    end = end.Plus(size);
                }
                w.Line($"var __ws = global::MetaDsl.Workspace<{Self(learner)}, T>.Get({end.ToCode()});");
                for (int s = 0; s < plan.SlotSizes.Count; s++)
                    w.Line($"var __s{s} = __ws.Slice({offsets[s]}, {sizes[s].ToCode()});");
                for (int r = 0; r < rolled.RegionNames.Count; r++)
                    w.Line($"var {rolled.RegionNames[r]} = __ws.Slice({offsets[plan.SlotSizes.Count + r]}, {sizes[plan.SlotSizes.Count + r].ToCode()});");
            }

            var locals = new Dictionary<int, string>();
            var context = new CpuEmitContext(w, nodes, locals);
            int nextRun = 0;
            for (int position = 0; position < order.Count; position++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (nextRun < runs.Count && runs[nextRun].Start == position)
                {
                    rolled.Emit(nextRun, locals);
                    position = runs[nextRun++].End - 1;
                    continue;
                }
                int id = order[position];
                var node = nodes[id];
                string local = Identifiers.NodeLocal(id);
                locals[id] = local;
                var def = OpTable.Get(node.Op);
                switch (node.Op)
                {
                    case OpKind.Input when node.Index >= program.Inputs.Count:
                        // Inputs past the method's own come from a span argument of the same name (a pull-back's cotangent).
                        w.Line($"global::MetaDsl.Guard.Length<T>({node.Name}, {Shapes.Size(node.Shape).ToCode()}, {learnerName}, {Quote(node.Name!)});");
                        w.Line($"global::System.ReadOnlySpan<T> {local} = {node.Name}; // {Shapes.Format(node.Shape)}");
                        continue;
                    case OpKind.Input:
                        w.Line($"global::System.ReadOnlySpan<T> {local} = __in{node.Index}.Data; // {node.Name} {Shapes.Format(node.Shape)}");
                        continue;
                    case OpKind.Param:
                        w.Line($"var {local} = theta.Slice({learner.Offset(node.Index)}, {learner.Parameters[node.Index].Size}); // {node.Name} {Shapes.Format(node.Shape)}");
                        continue;
                    case OpKind.ParamTangent:
                        w.Line($"var {local} = v.Slice({learner.Offset(node.Index)}, {learner.Parameters[node.Index].Size}); // v[{node.Name}] {Shapes.Format(node.Shape)}");
                        continue;
                }
                string args = string.Join(", ", node.Args.Select(a => Identifiers.NodeLocal(a)));
                if (def.IsAlias)
                {
                    w.Line($"var {local} = {locals[node.Args[0]]}; // {def.Name}({args}) {Shapes.Format(node.Shape)}");
                    continue;
                }
                string storage = destinations.TryGetValue(id, out var destination) ? destination : "__s" + plan.SlotOf[id];
                w.Line($"var {local} = {storage}; // {Describe(node, def, args)} {Shapes.Format(node.Shape)}");
                EmitKernel(context, nodes, node, fusion, locals);
            }
            return locals;
        }

        /// <summary>The kernel calls that compute <paramref name="node"/> into its local.</summary>
        internal static void EmitKernel(CpuEmitContext context, IReadOnlyList<Node> nodes, Node node, FusionPlan fusion, IReadOnlyDictionary<int, string> locals)
        {
            context.Node = node;
            if (fusion.Fused.TryGetValue(node.Id, out var fused))
                FusedEmitter.Emit(context, nodes, fused, locals);
            else
                OpTable.Get(node.Op).EmitCpu(context);
        }

        internal static void BindInputs(IndentedWriter w, string learnerName, ProgramSpec program, string batch)
        {
            var bound = new HashSet<string>();
            for (int i = 0; i < program.Inputs.Count; i++)
            {
                var input = program.Inputs[i];
                string expected = Quote(Shapes.Format(input.Shape));
                w.Line($"var __in{i} = global::MetaDsl.Guard.Input({batch}, {i}, {program.Inputs.Count}, {input.Shape.Count}, {learnerName}, {Quote(input.Name)}, {expected});");
                for (int d = 0; d < input.Shape.Count; d++)
                {
                    var dim = input.Shape[d];
                    if (!dim.IsConstant && bound.Add(dim.Symbols[0]))
                    {
                        w.Line($"int {Identifiers.DimLocal(dim.Symbols[0])} = __in{i}.Shape[{d}];");
                        continue;
                    }
                    w.Line($"global::MetaDsl.Guard.Dim(__in{i}, {d}, {dim.ToCode()}, {learnerName}, {Quote(input.Name)}, {expected});");
                }
            }
        }

        internal static string Describe(Node node, OpDefinition def, string args)
        {
            switch (node.Op)
            {
                case OpKind.Const: return "Const " + CpuEmitContext.Literal(node.Value);
                case OpKind.DimValue: return "DimValue " + node.DimArg;
                case OpKind.MatMul: return $"MatMul({args}{(node.TransA ? ", transA" : "")}{(node.TransB ? ", transB" : "")})";
                case OpKind.SumAxis:
                case OpKind.ExpandAxis:
                case OpKind.Softmax:
                case OpKind.LogSoftmax: return $"{def.Name}({args}, axis {node.Index})";
                case OpKind.Transpose: return $"Transpose({args}, [{string.Join(", ", node.Perm)}])";
                default: return $"{def.Name}({args})";
            }
        }

        public static string Self(LearnerSpec learner)
            => "global::" + (learner.Namespace is null ? "" : learner.Namespace + ".") + string.Concat(learner.ContainingTypes.Select(t => t.Split(' ').Last() + ".")) + learner.Identifier;

        public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

        internal static string Paren(string code) => code.Contains(" ") ? "(" + code + ")" : code;
    }
}
