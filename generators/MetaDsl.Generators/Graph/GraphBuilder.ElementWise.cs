using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph.Ops;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>The element-wise ops that carry constants: Pow, LeakyRelu, Clamp.</summary>
    internal sealed partial class GraphBuilder
    {
        /// <summary>x^p for a constant p; p = 0, 1 and 2 become ones, x and x².</summary>
        public int Pow(int x, double p)
        {
            if (double.IsNaN(p) || double.IsInfinity(p))
                throw new GraphException(Descriptors.InvalidOpArgument, "Pow", $"the exponent {p} must be a finite number");
            if (p == 0) return Broadcast(Const(1), ShapeOf(x));
            if (p == 1) return x;
            if (p == 2) return Unary(OpKind.Square, x);
            return WithConstants(OpKind.Pow, x, p, 0);
        }

        /// <summary>x where x &gt; 0, else slope · x.</summary>
        public int LeakyRelu(int x, double slope)
        {
            if (double.IsNaN(slope) || double.IsInfinity(slope))
                throw new GraphException(Descriptors.InvalidOpArgument, "LeakyRelu", $"the slope {slope} must be a finite number");
            return slope == 0 ? Unary(OpKind.Relu, x) : WithConstants(OpKind.LeakyRelu, x, slope, 0);
        }

        /// <summary>min(max(x, lo), hi).</summary>
        public int Clamp(int x, double lo, double hi)
        {
            if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi)
                throw new GraphException(Descriptors.InvalidOpArgument, "Clamp", $"the bounds [{lo}, {hi}] must satisfy lo <= hi");
            return WithConstants(OpKind.Clamp, x, lo, hi);
        }

        private int WithConstants(OpKind op, int x, double value, double upper)
        {
            var proto = new Node(-1, op, EquatableArray.Of(x), Shapes.Scalar) { Value = value, Upper = upper };
            if (IsConst(x, out var c) && ParameterizedUnaryOps.Fold(proto, c) is double folded) return Const(folded);
            return Create(proto);
        }
    }
}
