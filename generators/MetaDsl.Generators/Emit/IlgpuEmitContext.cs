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

        /// <summary>The type parameter that supplies exp, log, tanh and constants (see <c>IKernelMath</c>).</summary>
        public const string Math = "TMath";

        public IlgpuEmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
            : base(writer, nodes, locals)
        {
        }

        /// <summary>Writes <c>dst[i] = value</c> for every element i of the node, strided over the group's threads.</summary>
        public void EachElement(string value)
            => Line($"for (int {Element} = {Thread}; {Element} < {Shapes.Size(Node.Shape).ToCode()}; {Element} += {Threads}) {Dst}[{Element}] = {value};");

        /// <summary>Writes a strided loop over the node's elements whose body is <paramref name="body"/>, one statement a line.</summary>
        public void EachElementBlock(IEnumerable<string> body)
        {
            using (Writer.Block($"for (int {Element} = {Thread}; {Element} < {Shapes.Size(Node.Shape).ToCode()}; {Element} += {Threads})"))
                foreach (var line in body) Line(line);
        }

        /// <summary>
        /// Argument <paramref name="position"/> at the element the loop is on: itself when it has the node's
        /// size, element 0 when it is a scalar, else the trailing part it broadcasts as (suffix broadcasting).
        /// </summary>
        public string At(int position)
        {
            var size = Shapes.Size(ArgShape(position));
            if (size.Equals(Shapes.Size(Node.Shape))) return $"{Arg(position)}[{Element}]";
            if (size.Equals(Dim.One)) return $"{Arg(position)}[0]";
            return $"{Arg(position)}[{Element} % {ProgramEmitter.Paren(size.ToCode())}]";
        }

        /// <summary>Writes a scalar node's one value from thread 0.</summary>
        public void Scalar(string value) => Line($"if ({Thread} == 0) {Dst}[0] = {value};");

        /// <summary>A constant of the element type.</summary>
        public static string Constant(string doubleExpression) => $"{Math}.FromDouble({doubleExpression})";
    }
}
