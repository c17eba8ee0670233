using System.Collections.Generic;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>What a VJP rule sees: the node, its adjoint, and a way to add to its arguments' adjoints.</summary>
    internal sealed class ReverseContext
    {
        private readonly Dictionary<int, int> _adjoints;

        public ReverseContext(GraphBuilder builder, Dictionary<int, int> adjoints)
        {
            B = builder;
            _adjoints = adjoints;
        }

        public GraphBuilder B { get; }

        public Node Node { get; private set; } = null!;

        /// <summary>The adjoint of <see cref="Node"/> (same shape).</summary>
        public int G { get; private set; }

        public void Reset(Node node, int adjoint)
        {
            Node = node;
            G = adjoint;
        }

        public int Arg(int position) => Node.Args[position];

        /// <summary>Adds <paramref name="gradient"/> (already of the argument's shape) to the adjoint of argument <paramref name="position"/>.</summary>
        public void Accumulate(int position, int gradient)
        {
            int arg = Node.Args[position];
            _adjoints[arg] = _adjoints.TryGetValue(arg, out var existing) ? B.Add(existing, gradient) : gradient;
        }
    }
}
