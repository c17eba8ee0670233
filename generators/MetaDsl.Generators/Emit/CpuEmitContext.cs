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

        /// <summary>"outer, mid, inner" sizes that view <paramref name="shape"/> as three dims around <paramref name="axis"/>.</summary>
        public string AxisSplit(EquatableArray<Dim> shape, int axis)
            => Shapes.Product(shape, 0, axis).ToCode() + ", " + shape[axis].ToCode() + ", " + Shapes.Product(shape, axis + 1, shape.Count).ToCode();

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
