using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Graph;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Emit
{
    /// <summary>
    /// What an op's CUDA emission sees: the node, the pointers holding its arguments and its output,
    /// and sizes written as compile-time expressions over the template parameters. Every call goes to
    /// a block-level primitive of <c>metadsl_ops.cuh</c>, which all threads of the block enter.
    /// </summary>
    internal sealed class CudaEmitContext : EmitContext
    {
        /// <summary>The device element type; the kernels run in single precision.</summary>
        public const string Real = "float";

        public CudaEmitContext(IndentedWriter writer, IReadOnlyList<Node> nodes, IReadOnlyDictionary<int, string> locals)
            : base(writer, nodes, locals)
        {
        }

        /// <summary>The element count of the node's output.</summary>
        public string DstSize => Size(Node.Shape);

        /// <summary>The element count of an argument.</summary>
        public string ArgSize(int position) => Size(ArgShape(position));

        /// <summary>Writes <c>mdsl::primitive&lt;float&gt;(arguments);</c>.</summary>
        public void Call(string primitive, params string[] arguments)
            => Line($"mdsl::{primitive}<{Real}>({string.Join(", ", arguments)});");

        /// <summary>"outer, mid, inner" sizes that view <paramref name="shape"/> as three dims around <paramref name="axis"/>.</summary>
        public string AxisSplit(EquatableArray<Dim> shape, int axis)
            => Code(Shapes.Product(shape, 0, axis)) + ", " + Code(shape[axis]) + ", " + Code(Shapes.Product(shape, axis + 1, shape.Count));

        public static string Size(EquatableArray<Dim> shape) => Code(Shapes.Size(shape));

        /// <summary>A dim as a constant expression over the template parameters, e.g. <c>n * 40</c>.</summary>
        public static string Code(Dim dim)
        {
            var parts = dim.Symbols.Select(CudaNames.Symbol).ToList();
            if (dim.Coefficient != 1 || parts.Count == 0) parts.Add(dim.Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return string.Join(" * ", parts);
        }

        /// <summary>A float literal; non-finite values as constant expressions, which C++ has no literal for.</summary>
        public static string Literal(double value)
        {
            if (double.IsNaN(value)) return "(0.0f / 0.0f)";
            if (double.IsPositiveInfinity(value)) return "(1.0f / 0.0f)";
            if (double.IsNegativeInfinity(value)) return "(-1.0f / 0.0f)";
            var text = CpuEmitContext.Literal(value);
            return System.Math.Abs(value) <= float.MaxValue ? text + "f" : $"static_cast<float>({text})";
        }
    }
}
