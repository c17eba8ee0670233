using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// Max and Min over a whole tensor or one axis, and the keep-dims forms of the axis reductions.
    /// Max is <c>MaxGather(x, x)</c>, whose selection is locally constant, so its derivatives of every
    /// order route to the first largest value; Min is <c>-Max(-x)</c>.
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        public int Max(int a)
        {
            var shape = ShapeOf(a);
            if (shape.Count == 0) return a;
            int flat = Reshape(a, Shapes.Of(Shapes.Size(shape)));
            return MaxGather(flat, flat, 0);
        }

        public int Max(int a, int axis) => MaxGather(a, a, NormalizeAxis("Max", axis, ShapeOf(a)));

        public int Min(int a) => Neg(Max(Neg(a)));

        public int Min(int a, int axis) => Neg(Max(Neg(a), axis));

        /// <summary>The result of reducing <paramref name="source"/> over <paramref name="axis"/>, reshaped so the axis stays with size 1.</summary>
        public int KeepDims(int reduced, int source, int axis)
        {
            var shape = ShapeOf(source);
            int k = NormalizeAxis("keepDims", axis, shape);
            return Reshape(reduced, Shapes.InsertAxis(Shapes.RemoveAxis(shape, k), k, Dim.One));
        }
    }
}
