using System.Collections.Generic;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Graph.Transforms
{
    /// <summary>
    /// Forward-mode differentiation as an IR-to-IR transform: given tangent nodes for some sources,
    /// appends the tangent of every node that depends on them. Run over a gradient graph it yields
    /// exact Hessian-vector products (forward over reverse).
    /// </summary>
    internal static class ForwardMode
    {
        /// <summary>Tangents of nodes 0..<paramref name="last"/>; nodes absent from the result have zero tangent.</summary>
        public static Dictionary<int, int> Tangents(GraphBuilder b, IReadOnlyDictionary<int, int> seeds, int last)
        {
            var tangents = new Dictionary<int, int>();
            var context = new ForwardContext(b, tangents);
            for (int id = 0; id <= last; id++)
            {
                if (seeds.TryGetValue(id, out var seed))
                {
                    tangents[id] = seed;
                    continue;
                }
                var node = b[id];
                context.Reset(node);
                int t = OpTable.Get(node.Op).Jvp(context);
                if (t >= 0) tangents[id] = t;
            }
            return tangents;
        }
    }
}
