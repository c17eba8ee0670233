using MetaDsl.Generators.Graph.Transforms;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// The members that keep the inner and outer objectives apart: the <c>[Loss]</c>'s gradient over the adapted
    /// parameters only (what an inner step uses), and the <c>[MetaLoss]</c> with its gradient (what scores query
    /// data). Where a learner has no meta-parameters or no <c>[MetaLoss]</c>, <c>ILearner</c>'s defaults (the
    /// <c>[Loss]</c> and its gradient) already are these, so nothing is written.
    /// </summary>
    internal static partial class LearnerEmitter
    {
        private static void EmitObjectives(IndentedWriter w, LearnerSpec spec, LearnerPrograms programs, System.Threading.CancellationToken ct)
        {
            if (programs.AdaptedGradient is { } adapted) EmitAdaptedGradient(w, spec, adapted, ct);
            if (spec.MetaLoss is { } metaLoss && programs.MetaLoss is { } value && programs.MetaLossGradient is { } gradient)
            {
                EmitMetaLoss(w, spec, metaLoss, value, ct);
                EmitMetaLossGradient(w, spec, metaLoss, gradient, ct);
            }
        }

        private static void EmitAdaptedGradient(IndentedWriter w, LearnerSpec spec, DerivedProgram program, System.Threading.CancellationToken ct)
        {
            w.Line();
            w.Line("/// <summary>Writes dL/dtheta over the adapted parameters into <paramref name=\"gradient\"/> (zero at the meta-parameters, whose gradient is never computed) and returns the loss.</summary>");
            using (w.Block($"public static T AdaptedGradient<T>(global::System.ReadOnlySpan<T> theta, global::MetaDsl.Batch<T> batch, global::System.Span<T> gradient) {Constraint}"))
            {
                GuardGradient(w, spec);
                var destinations = Destinations(spec, program, "gradient");
                var locals = ProgramEmitter.Emit(w, spec, spec.Loss, program.Nodes, program.Outputs, "batch", ct, destinations);
                for (int i = 0; i < spec.Parameters.Count; i++)
                {
                    var p = spec.Parameters[i];
                    string slice = $"gradient.Slice({spec.Offset(i)}, {p.Size})";
                    int node = program.PerParameter[i];
                    if (p.IsMeta) w.Line($"{slice}.Clear(); // {p.Name}: a [MetaParam], which the inner loop does not adapt");
                    else if (node < 0) w.Line($"{slice}.Clear(); // {p.Name}: the loss does not depend on it");
                    else if (!(destinations.TryGetValue(node, out var target) && target == slice))
                        w.Line($"global::MetaDsl.Kernels.ElementWise.Copy<T>({locals[node]}, {slice}); // {p.Name}");
                }
                w.Line($"return {locals[program.Value]}[0];");
            }
        }

        private static void EmitMetaLoss(IndentedWriter w, LearnerSpec spec, ProgramSpec metaLoss, DerivedProgram program, System.Threading.CancellationToken ct)
        {
            w.Line();
            w.Line($"/// <summary>The <c>{metaLoss.MethodName}</c> meta-loss (the outer objective) at theta.</summary>");
            using (w.Block($"public static T MetaLoss<T>(global::System.ReadOnlySpan<T> theta, global::MetaDsl.Batch<T> batch) {Constraint}"))
            {
                w.Line("global::MetaDsl.Guard.Theta<T>(theta, __info, \"theta\");");
                var locals = ProgramEmitter.Emit(w, spec, metaLoss, program.Nodes, program.Outputs, "batch", ct);
                w.Line($"return {locals[program.Value]}[0];");
            }
        }

        private static void EmitMetaLossGradient(IndentedWriter w, LearnerSpec spec, ProgramSpec metaLoss, DerivedProgram program, System.Threading.CancellationToken ct)
        {
            w.Line();
            w.Line($"/// <summary>Writes the gradient of the <c>{metaLoss.MethodName}</c> meta-loss over every parameter into <paramref name=\"gradient\"/> and returns the meta-loss.</summary>");
            using (w.Block($"public static T MetaLossGradient<T>(global::System.ReadOnlySpan<T> theta, global::MetaDsl.Batch<T> batch, global::System.Span<T> gradient) {Constraint}"))
            {
                GuardGradient(w, spec);
                var destinations = Destinations(spec, program, "gradient");
                var locals = ProgramEmitter.Emit(w, spec, metaLoss, program.Nodes, program.Outputs, "batch", ct, destinations);
                WritePerParameter(w, spec, program, locals, "gradient", destinations);
                w.Line($"return {locals[program.Value]}[0];");
            }
        }

        private static void GuardGradient(IndentedWriter w, LearnerSpec spec)
        {
            w.Line("global::MetaDsl.Guard.Theta<T>(theta, __info, \"theta\");");
            w.Line($"global::MetaDsl.Guard.Length<T>(gradient, {spec.ParameterCount}, {ProgramEmitter.Quote(spec.ClassName)}, \"gradient\");");
            w.Line($"global::MetaDsl.Guard.Distinct<T>(theta, gradient, {ProgramEmitter.Quote(spec.ClassName)}, \"theta\", \"gradient\");");
        }
    }
}
