using System.Collections.Generic;
using System.Linq;
using System.Text;
using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// Writes a graph in Graphviz DOT, one box per live node labelled with its op and shape. A graph
    /// past <see cref="MaxNodes"/> (a long unrolled loop) is cut there with a note, because the text
    /// sits in the generated file and a drawing of thousands of boxes says nothing.
    /// </summary>
    internal static class DotExporter
    {
        public const int MaxNodes = 500;

        public static string Export(string name, IReadOnlyList<Node> nodes, int output)
        {
            var order = BufferPlan.LiveOrder(nodes, new[] { output }, FusionPlan.None);
            var dot = new StringBuilder();
            dot.Append("digraph ").Append(name).Append(" {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
            if (order.Count > MaxNodes)
                dot.Append("  // the first ").Append(MaxNodes).Append(" of ").Append(order.Count).Append(" nodes\n");
            foreach (int id in order.Take(MaxNodes))
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
