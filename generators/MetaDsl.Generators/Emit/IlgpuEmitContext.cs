using System.Collections.Generic;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// What an op's ILGPU emission sees: the node, the views holding its arguments and its output, and
    /// the writer. The code runs on every thread of one group, which stride over the output's elements;
    /// the program emitter puts a group barrier after each op, so an op reads complete arguments.
    /// </summary>
    internal sealed class IlgpuEmitContext : EmitContext
    {
        /// <summary>The thread's index in its group.</summary>
        public const string Thread = "__tid";

        /// <summary>The group's thread count.</summary>
        public const string Threads = "__threads";

        /// <summary>The element index of a strided loop.</summary>
        public const string Element = "__i";

        /// <summary>The namespace of the hand-written group helpers generated programs call.</summary>
        public const string Helpers = "global::MetaDsl.Kernels.Gpu.Programs";

        /// <summary>The type parameter that supplies exp, log, tanh and constants (see <c>IKernelMath</c>).</summary>
        public const string Math = "TMath";

        public IlgpuEmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
            : base(writer, nodes, locals)
        {
        }

        /// <summary>Writes a strided loop over the node's elements whose body is <paramref name="body"/>, one statement a line.</summary>
        public void EachElementBlock(IEnumerable<string> body)
        {
            using (Writer.Block($"for (int {Element} = {Thread}; {Element} < {Shapes.Size(Node.Shape).ToCode()}; {Element} += {Threads})"))
                foreach (var line in body) Line(line);
        }

        /// <summary>Writes a call of the hand-written group helper <paramref name="method"/> (e.g. <c>GroupGemm.MatMul</c>).</summary>
        public void Call(string method, string arguments) => Line($"{Helpers}.{method}({arguments});");

        /// <summary>A constant of the element type.</summary>
        public static string Constant(string doubleExpression) => $"{Math}.FromDouble({doubleExpression})";
    }
}
