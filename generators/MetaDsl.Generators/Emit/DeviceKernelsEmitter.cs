using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Graph.Transforms;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Writes a learner's device side: the <c>DeviceProgram&lt;T&gt;()</c> member the runtime's
    /// <c>DeviceLearner</c> asks for, and the nested <c>DeviceKernels</c> class that ILGPU compiles:
    /// per-task device functions (loss, gradient, H·v, mixed product, [MetaLoss] gradient), the kernels that run one task per
    /// group over a meta-batch, and the host-side helpers that bind dims and size the scratch; then the same over the
    /// <c>[Forward]</c> (see <c>DeviceKernelsEmitter.Forward.cs</c>).
    /// </summary>
    internal static partial class DeviceKernelsEmitter
    {
        private const string HostConstraint = "where T : unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
        private const string DeviceConstraint = HostConstraint + " where TMath : struct, global::MetaDsl.Kernels.Gpu.IKernelMath<T>";
        private const string View = "global::ILGPU.ArrayView<T>";
        private const string Arguments = "global::MetaDsl.Kernels.Gpu.Programs.TaskArguments<T>";
        private const string Program = "global::MetaDsl.DeviceProgram<T>";

        /// <summary>The parameters every per-task device function starts with.</summary>
        private const string Head = View + " " + IlgpuProgramEmitter.Theta + ", " + View + " " + IlgpuProgramEmitter.Inputs
            + ", global::ILGPU.ArrayView<int> " + IlgpuProgramEmitter.Dims + ", " + View + " " + IlgpuProgramEmitter.Scratch;

        public static void Emit(IndentedWriter w, LearnerSpec spec, LearnerPrograms programs, System.Threading.CancellationToken ct)
        {
            var (loss, gradient, hessianVector, mixed) = (programs.Loss, programs.Gradient, programs.HessianVector, programs.Mixed);
            var metaLossGradient = programs.MetaLossGradient;
            bool hasMeta = mixed is not null;
            if (new[] { loss, gradient, hessianVector, mixed, metaLossGradient }.Any(p => p is not null && RollsLoops(p, ct)))
            {
                EmitNone(w);
                return;
            }
            EmitEntry(w);
            var symbols = IlgpuProgramEmitter.Symbols(spec.Loss);
            w.Line();
            w.Line($"/// <summary>{Xml(spec.ClassName)} as ILGPU device code: all threads of one group run one task, striding over each op's elements.</summary>");
            using (w.Block("public static class DeviceKernels"))
            {
                var scratch = new List<DimSum>();
                string tangent = $"{View} {IlgpuProgramEmitter.Direction}";

                Function(w, "The loss of one task.", $"public static T LossOf<T, TMath>({Head}) {DeviceConstraint}",
                    () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, spec.Loss, loss, symbols, null, null, ct)));
                Function(w, "Writes one task's dL/dtheta into <paramref name=\"gradient\"/> and returns its loss.", $"public static T GradientOf<T, TMath>({Head}, {View} gradient) {DeviceConstraint}",
                    () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, spec.Loss, gradient, symbols, "gradient", null, ct)));
                Function(w, "Writes one task's exact H·v into <paramref name=\"hv\"/>.", $"public static void HessianVectorProductOf<T, TMath>({Head}, {tangent}, {View} hv) {DeviceConstraint}",
                    () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, spec.Loss, hessianVector, symbols, "hv", null, ct)));
                if (hasMeta)
                    Function(w, "Writes one task's mixed product (H_theta,theta·v and d/dphi (dL/dtheta · v), the meta entries of v taken as zero) into <paramref name=\"result\"/>.",
                        $"public static void MixedProductOf<T, TMath>({Head}, {tangent}, {View} result) {DeviceConstraint}",
                        () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, spec.Loss, mixed!, symbols, "result", null, ct)));

                // The [MetaLoss] takes the [Loss]'s inputs (MDSL0026), so it binds the same dims and inputs.
                if (metaLossGradient is not null)
                    Function(w, "Writes one task's d[MetaLoss]/dtheta into <paramref name=\"gradient\"/> and returns its [MetaLoss].", $"public static T MetaLossGradientOf<T, TMath>({Head}, {View} gradient) {DeviceConstraint}",
                        () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, spec.Loss, metaLossGradient, symbols, "gradient", null, ct)));

                string task = "a.Theta(__task), a.Input(__task), a.Dims, a.Scratch(__task)";
                Kernel(w, Arguments, "Loss", "losses", $"T loss = LossOf<T, TMath>({task});", "a.Losses[__task] = loss;");
                Kernel(w, Arguments, "Gradient", "gradients into <c>Results</c> and losses", $"T loss = GradientOf<T, TMath>({task}, a.Result(__task));", "a.Losses[__task] = loss;");
                Kernel(w, Arguments, "MetaLossGradient", metaLossGradient is not null ? "[MetaLoss] gradients into <c>Results</c> and [MetaLoss]es" : "gradients into <c>Results</c> and losses (the [Loss] is also the outer objective)",
                    $"T loss = {(metaLossGradient is not null ? "MetaLossGradientOf" : "GradientOf")}<T, TMath>({task}, a.Result(__task));", "a.Losses[__task] = loss;");
                Kernel(w, Arguments, "HessianVectorProduct", "H·v products into <c>Results</c>", $"HessianVectorProductOf<T, TMath>({task}, a.Direction(__task), a.Result(__task));", null);
                Kernel(w, Arguments, "MixedProduct", hasMeta ? "mixed products into <c>Results</c>" : "mixed products (without meta-parameters, H·v) into <c>Results</c>",
                    $"{(hasMeta ? "MixedProductOf" : "HessianVectorProductOf")}<T, TMath>({task}, a.Direction(__task), a.Result(__task));", null);

                EmitBind(w, spec.ClassName, spec.Loss, symbols, "Bind", "batch", "Loss");
                EmitScratchLength(w, "ScratchLength", "Scratch values one task needs, the most any of the programs above takes, for the given dims.", symbols, scratch);
                bool forward = EmitForward(w, spec, programs, ct);
                w.Line();
                w.Line("/// <summary>The kernels and host helpers above with <typeparamref name=\"TMath\"/> supplying the math.</summary>");
                w.Line($"public static {Program} Program<T, TMath>() {DeviceConstraint}");
                w.Indent();
                w.Line($"=> new {Program}({ProgramEmitter.Quote(spec.ClassName)}, {spec.ParameterCount}, {symbols.Count}, Loss<T, TMath>, Gradient<T, TMath>, HessianVectorProduct<T, TMath>, MixedProduct<T, TMath>, MetaLossGradient<T, TMath>, Bind<T>, ScratchLength{(forward ? ", " + ForwardProgram : "")});");
                w.Outdent();
            }
        }

        /// <summary>The static member that hands the runtime this learner's kernels, with the math chosen per element type.</summary>
        private static void EmitEntry(IndentedWriter w)
        {
            w.Line();
            w.Line("/// <summary>This learner's generated ILGPU kernels in <typeparamref name=\"T\"/> (float or double; null otherwise), run by <c>DeviceLearner</c>.</summary>");
            using (w.Block($"public static {Program}? DeviceProgram<T>() {HostConstraint}"))
            {
                // ILGPU cannot compile T's own math (it reaches System.Runtime.Intrinsics), so each element type gets its IKernelMath.
                w.Line($"if (typeof(T) == typeof(float)) return ({Program})(object)DeviceKernels.Program<float, global::MetaDsl.Kernels.Gpu.FloatMath>();");
                w.Line($"if (typeof(T) == typeof(double)) return ({Program})(object)DeviceKernels.Program<double, global::MetaDsl.Kernels.Gpu.DoubleMath>();");
                w.Line("return null;");
            }
        }

        /// <summary>
        /// True when the CPU emitter rolls loops in <paramref name="program"/>: its unrolled device form would grow
        /// with the loop bounds rather than with the source, so the device side waits for rolled device code.
        /// </summary>
        private static bool RollsLoops(DerivedProgram program, System.Threading.CancellationToken ct)
        {
            var outputs = program.Outputs.ToList();
            var fusion = FusionPlan.Create(program.Nodes, outputs);
            var order = BufferPlan.LiveOrder(program.Nodes, outputs, fusion);
            return LoopRoller.Find(program.Nodes, order, fusion, new HashSet<int>(outputs), ct).Count > 0;
        }

        private static void EmitNone(IndentedWriter w)
        {
            w.Line();
            w.Line("/// <summary>None: this learner's loops are rolled on the CPU, and device code is not rolled yet, so unrolled it would grow with the loop bounds.</summary>");
            w.Line($"public static {Program}? DeviceProgram<T>() {HostConstraint} => null;");
        }

        private static void Function(IndentedWriter w, string summary, string signature, System.Action body)
        {
            w.Line();
            w.Line($"/// <summary>{summary} Called by all threads of one group.</summary>");
            using (w.Block(signature)) body();
        }

        private static void Kernel(IndentedWriter w, string arguments, string name, string writes, string call, string? store)
        {
            w.Line();
            w.Line($"/// <summary>Kernel: task <c>Grid.IdxX</c> of the meta-batch per group; writes {writes}.</summary>");
            using (w.Block($"public static void {name}<T, TMath>({arguments} a) {DeviceConstraint}"))
            {
                w.Line("int __task = global::ILGPU.Grid.IdxX;");
                w.Line(call);
                if (store is not null) w.Line($"if (global::ILGPU.Group.IdxX == 0) {store}");
            }
        }

        /// <summary>Checks a task's batch of <paramref name="program"/>'s inputs on the host as the CPU method <paramref name="cpu"/> does (same messages) and writes its dims.</summary>
        private static void EmitBind(IndentedWriter w, string className, ProgramSpec program, IReadOnlyList<string> symbols, string name, string batch, string cpu)
        {
            w.Line();
            w.Line($"/// <summary>Checks <paramref name=\"{batch}\"/> as <c>{cpu}</c> does and writes the values of its symbolic dims into <paramref name=\"dims\"/>.</summary>");
            using (w.Block($"public static void {name}<T>(global::MetaDsl.Batch<T> {batch}, global::System.Span<int> dims) {HostConstraint}"))
            {
                string learner = ProgramEmitter.Quote(className);
                ProgramEmitter.BindInputs(w, learner, program, batch);
                var nodes = program.Graph.Nodes;
                foreach (var node in nodes.Where(n => n.Op == OpKind.OneHot))
                {
                    // A device cannot throw, so labels read straight from an input are checked here, before launch.
                    var labels = nodes[node.Args[0]];
                    if (labels.Op == OpKind.Input)
                        w.Line($"global::MetaDsl.Kernels.ElementWise.CheckLabels<T>(__in{labels.Index}.Data, {node.Index}, {ProgramEmitter.Quote(labels.Name ?? "labels")});");
                }
                for (int k = 0; k < symbols.Count; k++) w.Line($"dims[{k}] = {Identifiers.DimLocal(symbols[k])};");
            }
        }

        private static void EmitScratchLength(IndentedWriter w, string name, string summary, IReadOnlyList<string> symbols, IReadOnlyList<DimSum> scratch)
        {
            w.Line();
            w.Line($"/// <summary>{summary}</summary>");
            using (w.Block($"public static long {name}(global::System.ReadOnlySpan<int> dims)"))
            {
                for (int k = 0; k < symbols.Count; k++) w.Line($"long {Identifiers.DimLocal(symbols[k])} = dims[{k}];");
                w.Line("long length = 0;");
                foreach (var s in scratch) w.Line($"length = global::System.Math.Max(length, {s.ToCode()});");
                w.Line("return length;");
            }
        }

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
