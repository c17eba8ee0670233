using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Ops;
using MetaDsl.Generators.Graph.Transforms;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Writes the body of one per-task device function: every thread of one group runs it, the threads
    /// stride over the elements of each op, and a group barrier separates ops. Scratch comes from the
    /// same <see cref="BufferPlan"/> as the CPU code, laid out in the task's slice of one device buffer.
    /// Loops stay unrolled here (no <see cref="LoopRoller"/>), so every graph the CPU emitter takes has a device form.
    /// </summary>
    internal static class IlgpuProgramEmitter
    {
        /// <summary>Where the per-task function reads its views and writes its results.</summary>
        internal const string Theta = "theta", Direction = "v", Inputs = "inputs", Dims = "dims", Scratch = "scratch";

        /// <summary>
        /// Writes the statements of a program over <paramref name="program"/>'s nodes, reading the inputs of
        /// <paramref name="source"/> (the <c>[Loss]</c> or the <c>[Forward]</c>) from the task's inputs view and any input
        /// past them (a pull-back's cotangent) from a view of its own name. Per-parameter outputs go to
        /// <paramref name="result"/> (when given); the value node (when there is one) is copied into the view
        /// <paramref name="value"/> when given, else its scalar is returned.
        /// Returns the scratch length the program needs, as a polynomial in the dims.
        /// </summary>
        public static DimSum Emit(IndentedWriter w, LearnerSpec learner, ProgramSpec source, DerivedProgram program, IReadOnlyList<string> symbols, string? result, string? value, System.Threading.CancellationToken cancellationToken)
        {
            var nodes = program.Nodes;
            var plan = BufferPlan.Create(nodes, program.Outputs);
            // Only index math written in the program itself (a transpose's) needs the thread's place; helpers read their own.
            if (plan.Order.Any(id => nodes[id].Op == OpKind.Transpose))
                w.Line($"int {IlgpuEmitContext.Thread} = global::ILGPU.Group.IdxX, {IlgpuEmitContext.Threads} = global::ILGPU.Group.DimX;");
            for (int k = 0; k < symbols.Count; k++) w.Line($"int {Identifiers.DimLocal(symbols[k])} = {Dims}[{k}];");
            var end = DimSum.Zero;
            for (int s = 0; s < plan.SlotSizes.Count; s++)
            {
                w.Line($"var __s{s} = {Scratch}.SubView({end.ToCode()}, {plan.SlotSizes[s].ToCode()});");
                end = end.Plus(plan.SlotSizes[s]);
            }

            var inputOffsets = InputOffsets(source);
            var locals = new Dictionary<int, string>();
            var context = new IlgpuEmitContext(w, nodes, locals);
            foreach (int id in plan.Order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = nodes[id];
                string local = Identifiers.NodeLocal(id);
                locals[id] = local;
                string size = Shapes.Size(node.Shape).ToCode(), shape = Shapes.Format(node.Shape);
                var def = OpTable.Get(node.Op);
                switch (node.Op)
                {
                    case OpKind.Input when node.Index >= source.Inputs.Count:
                        // Not one of the task's packed inputs: a pull-back's cotangent, a per-task row the kernel passes as its own view.
                        w.Line($"var {local} = {node.Name}; // {shape}");
                        continue;
                    case OpKind.Input:
                        w.Line($"var {local} = {Inputs}.SubView({inputOffsets[node.Index]}, {size}); // {node.Name} {shape}");
                        continue;
                    case OpKind.Param:
                        w.Line($"var {local} = {Theta}.SubView({learner.Offset(node.Index)}, {size}); // {node.Name} {shape}");
                        continue;
                    case OpKind.ParamTangent:
                        w.Line($"var {local} = {Direction}.SubView({learner.Offset(node.Index)}, {size}); // v[{node.Name}] {shape}");
                        continue;
                }
                string args = string.Join(", ", node.Args.Select(a => Identifiers.NodeLocal(a)));
                if (def.IsAlias)
                {
                    w.Line($"var {local} = {locals[node.Args[0]]}; // {def.Name}({args}) {shape}");
                    continue;
                }
                w.Line($"var {local} = __s{plan.SlotOf[id]}; // {ProgramEmitter.Describe(node, def, args)} {shape}");
                context.Node = node;
                def.EmitIlgpu(context);
                w.Line("global::ILGPU.Group.Barrier();");
            }

            if (result is not null)
            {
                string helpers = IlgpuEmitContext.Helpers + ".GroupElementWise";
                for (int p = 0; p < learner.Parameters.Count; p++)
                {
                    int node = program.PerParameter[p];
                    string slice = $"{result}.SubView({learner.Offset(p)}, {learner.Parameters[p].Size})";
                    w.Line(node >= 0
                        ? $"{helpers}.Copy({locals[node]}, {slice}); // {learner.Parameters[p].Name}"
                        : $"{helpers}.Clear({slice}); // {learner.Parameters[p].Name}: the loss does not depend on it");
                }
            }
            if (program.Value >= 0)
                w.Line(value is null ? $"return {locals[program.Value]}[0];" : $"{IlgpuEmitContext.Helpers}.GroupElementWise.Copy({locals[program.Value]}, {value});");
            return end;
        }

        /// <summary>
        /// A method's symbolic dims in the order the host binds them into the kernels' dims view:
        /// first appearance in its inputs' shapes, as <see cref="ProgramEmitter"/> binds them.
        /// </summary>
        public static IReadOnlyList<string> Symbols(ProgramSpec program)
        {
            var symbols = new List<string>();
            foreach (var input in program.Inputs)
                foreach (var dim in input.Shape)
                    if (!dim.IsConstant && !symbols.Contains(dim.Symbols[0])) symbols.Add(dim.Symbols[0]);
            return symbols;
        }

        /// <summary>Where each input starts in a task's inputs: the inputs lie back to back in the method's order.</summary>
        private static List<string> InputOffsets(ProgramSpec program)
        {
            var offsets = new List<string>();
            var end = DimSum.Zero;
            foreach (var input in program.Inputs)
            {
                offsets.Add(end.ToCode());
                end = end.Plus(Shapes.Size(input.Shape));
            }
            return offsets;
        }
    }
}
