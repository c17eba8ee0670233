using System.Collections.Generic;
using MetaDsl.Generators.Graph.Ops;

namespace MetaDsl.Generators.Graph.Transforms
{
    /// <summary>
    /// Reverse-mode differentiation as an IR-to-IR transform: appends adjoint nodes to the builder
    /// and returns the gradient node of each requested source. Applying it to a graph that already
    /// holds derivatives differentiates those too.
    /// </summary>
    internal static class ReverseMode
    {
        /// <summary>Gradients of scalar <paramref name="output"/> with respect to <paramref name="sources"/>; -1 where it is identically zero.</summary>
        public static int[] Gradients(GraphBuilder b, int output, IReadOnlyList<int> sources)
        {
            var needed = DependsOn(b, output, sources);
            var adjoints = new Dictionary<int, int> { [output] = b.Const(1) };
            var context = new ReverseContext(b, adjoints);
            for (int id = output; id >= 0; id--)
            {
                if (!needed[id] || !adjoints.TryGetValue(id, out var adjoint)) continue;
                var node = b[id];
                context.Reset(node, adjoint);
                OpTable.Get(node.Op).Vjp(context);
            }
            var result = new int[sources.Count];
            for (int i = 0; i < sources.Count; i++)
                result[i] = sources[i] >= 0 && adjoints.TryGetValue(sources[i], out var g) ? b.Broadcast(g, b.ShapeOf(sources[i])) : -1;
            return result;
        }

        /// <summary>Which nodes up to <paramref name="output"/> depend on a source: only those need adjoints.</summary>
        private static bool[] DependsOn(GraphBuilder b, int output, IReadOnlyList<int> sources)
        {
            var depends = new bool[output + 1];
            foreach (var s in sources)
                if (s >= 0 && s <= output) depends[s] = true;
            for (int id = 0; id <= output; id++)
                foreach (var arg in b[id].Args)
                    depends[id] |= depends[arg];
            return depends;
        }
    }
}
