using System.Collections.Generic;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>What every backend's op emission sees: the node, the locals holding its arguments and its output, and the writer.</summary>
    internal abstract class EmitContext
    {
        private readonly IndentedWriter _writer;
        private readonly IReadOnlyList<Node> _nodes;
        private readonly IReadOnlyDictionary<int, string> _locals;

        protected EmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
        {
            _writer = writer;
            _nodes = nodes;
            _locals = locals;
        }

        public Node Node { get; set; } = null!;

        public string Dst => _locals[Node.Id];

        public string Arg(int position) => _locals[Node.Args[position]];

        public EquatableArray<Dim> ArgShape(int position) => _nodes[Node.Args[position]].Shape;

        /// <summary>The user-facing name of an argument, for error messages.</summary>
        public string ArgName(int position) => _nodes[Node.Args[position]].Name ?? "intermediate " + Node.Args[position];

        public void Line(string line) => _writer.Line(line);

        /// <summary>"outer, mid, inner" sizes that view <paramref name="shape"/> as three dims around <paramref name="axis"/>.</summary>
        public string AxisSplit(EquatableArray<Dim> shape, int axis)
            => Shapes.Product(shape, 0, axis).ToCode() + ", " + shape[axis].ToCode() + ", " + Shapes.Product(shape, axis + 1, shape.Count).ToCode();

        protected IndentedWriter Writer => _writer;
    }
}
