using System.Collections.Generic;
using System.Linq;
using System.Text;
using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Emit
{
    /// <summary>Writes a graph in Graphviz DOT, one box per live node labelled with its op and shape.</summary>
    internal static class DotExporter
    {
        public static string Export(string name, IReadOnlyList<Node> nodes, int output)
        {
            var plan = BufferPlan.Create(nodes, new[] { output });
            var dot = new StringBuilder();
            dot.Append("digraph ").Append(name).Append(" {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
            foreach (int id in plan.Order)
            {
                var n = nodes[id];
                string label = n.Op == OpKind.Const ? "Const " + Emit.CpuEmitContext.Literal(n.Value) : n.Name is null ? n.Op.ToString() : n.Op + " " + n.Name;
                dot.Append("  n").Append(id).Append(" [label=\"").Append(label).Append("\\n").Append(Shapes.Format(n.Shape)).Append('"');
                if (id == output) dot.Append(", style=bold");
                dot.Append("];\n");
                foreach (var a in n.Args.Distinct())
                    dot.Append("  n").Append(a).Append(" -> n").Append(id).Append(";\n");
            }
            dot.Append("}\n");
            return dot.ToString();
        }
    }
}
