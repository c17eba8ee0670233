using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>The ops of sequence models: layer norm and the causal mask.</summary>
    internal sealed partial class GraphBuilder
    {
        /// <summary>Replaces the entries above the diagonal of the last two axes by <paramref name="fill"/>.</summary>
        public int CausalMask(int scores, double fill)
            => Create(new Node(-1, OpKind.CausalMask, EquatableArray.Of(scores), Shapes.Scalar) { Value = fill });

        /// <summary>
        /// Layer norm over the last axis with the row's own statistics (biased variance):
        /// gamma · (x - mean) · rsqrt(var + eps) + beta, composed of reductions, ExpandAxis and Rsqrt,
        /// whose rules make every order of derivative exact.
        /// </summary>
        public int LayerNorm(int x, int gamma, int beta, double eps)
        {
            var xs = ShapeOf(x);
            if (xs.Count < 1)
                throw new GraphException(Descriptors.InvalidOpArgument, "LayerNorm", $"x {Shapes.Format(xs)} is a scalar; it must have a last axis to normalize over");
            if (!(eps > 0)) throw new GraphException(Descriptors.InvalidOpArgument, "LayerNorm", $"eps {eps} must be positive");
            int k = xs.Count - 1;
            var features = xs[k];
            if (!ShapeOf(gamma).Equals(Shapes.Of(features)))
                throw Mismatch("LayerNorm", xs, ShapeOf(gamma), $" (gamma must be [{features}], one value per entry of x's last axis)");
            if (!ShapeOf(beta).Equals(Shapes.Of(features)))
                throw Mismatch("LayerNorm", xs, ShapeOf(beta), $" (beta must be [{features}], one value per entry of x's last axis)");

            var mean = DivideByCount(SumAxis(x, k), features);
            var centered = Sub(x, ExpandAxis(mean, k, features));
            var variance = DivideByCount(SumAxis(Unary(OpKind.Square, centered), k), features);
            var inverse = Unary(OpKind.Rsqrt, Add(variance, Const(eps)));
            return Add(Mul(Mul(centered, ExpandAxis(inverse, k, features)), gamma), beta);
        }
    }
}
