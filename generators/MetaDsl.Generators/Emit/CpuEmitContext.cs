using System.Collections.Generic;
using System.Globalization;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>What an op's CPU emission sees: the node, the locals holding its arguments and its output, and the writer.</summary>
    internal sealed class CpuEmitContext : EmitContext
    {
        public CpuEmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
            : base(writer, nodes, locals)
        {
        }

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
