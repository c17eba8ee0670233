using System.Collections.Generic;
using System.Globalization;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>What an op's CPU emission sees: the node, the locals holding its arguments and its output, and the writer.</summary>
    internal sealed class CpuEmitContext
    {
        private readonly IndentedWriter _writer;
        private readonly IReadOnlyList<Node> _nodes;
        private readonly IReadOnlyDictionary<int, string> _locals;

        public CpuEmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
        {
            _writer = writer;
            _nodes = nodes;
            _locals = locals;
        }

        public Node Node { get; set; } = null!;

        public string Dst => _locals[Node.Id];

        public string Arg(int position) => _locals[Node.Args[position]];

        public EquatableArray<Dim> ArgShape(int position) => _nodes[Node.Args[position]].Shape;

        /// <summary>The user-facing name of an argument, for run-time error messages.</summary>
        public string ArgName(int position) => _nodes[Node.Args[position]].Name ?? "intermediate " + Node.Args[position];

        public void Line(string line) => _writer.Line(line);

        /// <summary>"outer, mid, inner" sizes that view <paramref name="shape"/> as three dims around <paramref name="axis"/>.</summary>
        public string AxisSplit(EquatableArray<Dim> shape, int axis)
            => Shapes.Product(shape, 0, axis).ToCode() + ", " + shape[axis].ToCode() + ", " + Shapes.Product(shape, axis + 1, shape.Count).ToCode();

        public static string Literal(double value)
        {
            if (double.IsNaN(value)) return "double.NaN";
            if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
        }
    }
}
