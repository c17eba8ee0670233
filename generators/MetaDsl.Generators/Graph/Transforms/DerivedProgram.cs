using System.Collections.Generic;

namespace MetaDsl.Generators.Graph.Transforms
{
    /// <summary>A graph plus the nodes a generated method reads out of it.</summary>
    /// <param name="Nodes">All nodes; the emitter keeps only those the outputs need.</param>
    /// <param name="Value">The scalar loss, or the forward output (-1 when not read).</param>
    /// <param name="PerParameter">One node per learner parameter (gradient or H·v block), -1 where it is zero.</param>
    internal sealed record DerivedProgram(IReadOnlyList<Node> Nodes, int Value, IReadOnlyList<int> PerParameter)
    {
        public IEnumerable<int> Outputs
        {
            get
            {
                if (Value >= 0) yield return Value;
                foreach (var p in PerParameter)
                    if (p >= 0) yield return p;
            }
        }
    }
}
