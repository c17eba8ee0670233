using System.Collections.Generic;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>What a JVP rule sees: the node and its arguments' tangents (-1 for zero).</summary>
    internal sealed class ForwardContext
    {
        private readonly Dictionary<int, int> _tangents;

        public ForwardContext(GraphBuilder builder, Dictionary<int, int> tangents)
        {
            B = builder;
            _tangents = tangents;
        }

        public GraphBuilder B { get; }

        public Node Node { get; private set; } = null!;

        public void Reset(Node node) => Node = node;

        public int Arg(int position) => Node.Args[position];

        public int Tangent(int position) => _tangents.TryGetValue(Node.Args[position], out var t) ? t : -1;
    }
}
