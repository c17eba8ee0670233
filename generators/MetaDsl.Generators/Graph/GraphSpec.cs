using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>A finished graph: nodes in topological order and the node it computes.</summary>
    internal sealed record GraphSpec(EquatableArray<Node> Nodes, int Output);
}
