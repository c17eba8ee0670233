using System.Collections.Generic;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// The <c>[Forward]</c> part of a learner's device side: <c>Predict</c> and its pull-back J(theta)ᵀ·c as per-task
    /// device functions and kernels over <c>ForwardArguments</c>, and host helpers that bind the <c>[Forward]</c>'s own
    /// dims and size its scratch and output.
    /// </summary>
    internal static partial class DeviceKernelsEmitter
    {
        private const string ForwardArguments = "global::MetaDsl.Kernels.Gpu.Programs.ForwardArguments<T>";

        /// <summary>What <c>Program</c> passes for the <c>[Forward]</c> kernels when <see cref="EmitForward"/> wrote them.</summary>
        private const string ForwardProgram = "new global::MetaDsl.DeviceForward<T>(ForwardDimCount, Predict<T, TMath>, PredictPullback<T, TMath>, BindForward<T>, ForwardScratchLength, OutputLength)";

        /// <summary>
        /// Writes the <c>[Forward]</c> kernels and helpers, or nothing (returning false) for a learner without a
        /// <c>[Forward]</c> or whose <c>[Forward]</c> programs roll loops on the CPU.
        /// </summary>
        private static bool EmitForward(IndentedWriter w, LearnerSpec spec, LearnerPrograms programs, System.Threading.CancellationToken ct)
        {
            if (spec.Forward is not { } forward || programs.Predict is not { } predict || programs.PredictPullback is not { } pullback
                || RollsLoops(predict, ct) || RollsLoops(pullback, ct))
                return false;
            var symbols = IlgpuProgramEmitter.Symbols(forward);
            var scratch = new List<DimSum>();
            string method = Xml(forward.MethodName);
            Function(w, $"Writes one task's <c>{method}</c> output into <paramref name=\"output\"/>.",
                $"public static void PredictOf<T, TMath>({Head}, {View} output) {DeviceConstraint}",
                () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, forward, predict, symbols, null, "output", ct)));
            Function(w, $"Writes one task's J(theta)ᵀ·<paramref name=\"cotangent\"/> through <c>{method}</c> into <paramref name=\"gradient\"/>.",
                $"public static void PredictPullbackOf<T, TMath>({Head}, {View} cotangent, {View} gradient) {DeviceConstraint}",
                () => scratch.Add(IlgpuProgramEmitter.Emit(w, spec, forward, pullback, symbols, "gradient", null, ct)));

            string task = "a.Theta(__task), a.Input(__task), a.Dims, a.Scratch(__task)";
            Kernel(w, ForwardArguments, "Predict", "outputs into <c>Outputs</c>", $"PredictOf<T, TMath>({task}, a.Output(__task));", null);
            Kernel(w, ForwardArguments, "PredictPullback", "the pull-backs of the cotangents in <c>Outputs</c> into <c>Results</c>",
                $"PredictPullbackOf<T, TMath>({task}, a.Output(__task), a.Result(__task));", null);

            w.Line();
            w.Line($"/// <summary>The <c>{method}</c> inputs' symbolic dims: the length of the dims <see cref=\"BindForward\"/> writes.</summary>");
            w.Line($"public const int ForwardDimCount = {symbols.Count};");
            EmitBind(w, spec.ClassName, forward, symbols, "BindForward", "inputs", "Predict");
            EmitScratchLength(w, "ForwardScratchLength", "Scratch values one task of <c>Predict</c> or <c>PredictPullback</c> needs, the more of the two, for the given dims.", symbols, scratch);
            EmitOutputLength(w, symbols, Shapes.Size(predict.Nodes[predict.Value].Shape));
            return true;
        }

        private static void EmitOutputLength(IndentedWriter w, IReadOnlyList<string> symbols, Dim length)
        {
            w.Line();
            w.Line("/// <summary>Values in one task's output (and cotangent) for the given dims.</summary>");
            using (w.Block("public static long OutputLength(global::System.ReadOnlySpan<int> dims)"))
            {
                for (int k = 0; k < symbols.Count; k++) w.Line($"long {Identifiers.DimLocal(symbols[k])} = dims[{k}];");
                w.Line($"return {length.ToCode()};");
            }
        }
    }
}
