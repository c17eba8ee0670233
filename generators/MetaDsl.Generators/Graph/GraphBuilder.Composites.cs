using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>The DSL ops that are not primitives, lowered to primitives as they are built.</summary>
    internal sealed partial class GraphBuilder
    {
        public int Linear(int x, int w, int? bias)
        {
            var y = MatMul(x, w);
            return bias is int b ? Add(y, b) : y;
        }

        public int Mean(int a) => DivideByCount(Sum(a), Shapes.Size(ShapeOf(a)));

        public int Mean(int a, int axis)
        {
            var shape = ShapeOf(a);
            int k = NormalizeAxis("Mean", axis, shape);
            return DivideByCount(SumAxis(a, k), shape[k]);
        }

        public int Sum(int a, int axis) => SumAxis(a, NormalizeAxis("Sum", axis, ShapeOf(a)));

        public int Mse(int prediction, int target)
        {
            if (!ShapeOf(prediction).Equals(ShapeOf(target)))
                throw Mismatch("Mse", ShapeOf(prediction), ShapeOf(target), " (prediction and target must have the same shape)");
            return Mean(Unary(OpKind.Square, Sub(prediction, target)));
        }

        /// <summary>Mean over rows of -log softmax(logits)[label]; labels hold class indices.</summary>
        public int SoftmaxCrossEntropy(int logits, int labels)
        {
            var ls = ShapeOf(logits);
            var lb = ShapeOf(labels);
            if (ls.Count < 1 || lb.Count != ls.Count - 1 || !Shapes.Of(System.Linq.Enumerable.Take(ls, ls.Count - 1)).Equals(lb))
                throw Mismatch("SoftmaxCrossEntropy", ls, lb, " (labels must have the logits' shape without its last dim)");
            var classes = ls[ls.Count - 1];
            if (!classes.IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, "SoftmaxCrossEntropy", $"the class count {classes} must be a constant dim");
            var picked = Mul(LogSoftmax(logits, ls.Count - 1), OneHot(labels, (int)classes.Coefficient));
            return Neg(DivideByCount(Sum(picked), Shapes.Size(lb)));
        }

        /// <summary>Reshape to dims written in user code, where one dim may be -1.</summary>
        public int Reshape(int a, IReadOnlyList<int> dims)
        {
            if (dims.Count > Shapes.MaxRank) throw new GraphException(Descriptors.InvalidOpArgument, "Reshape", $"rank {dims.Count} is more than {Shapes.MaxRank}");
            var from = ShapeOf(a);
            var size = Shapes.Size(from);
            var known = Dim.One;
            int inferred = -1;
            for (int i = 0; i < dims.Count; i++)
            {
                if (dims[i] == -1)
                {
                    if (inferred >= 0) throw new GraphException(Descriptors.InvalidOpArgument, "Reshape", "at most one dim may be -1");
                    inferred = i;
                }
                else if (dims[i] <= 0) throw new GraphException(Descriptors.InvalidOpArgument, "Reshape", $"dim {dims[i]} must be positive (or -1 for one inferred dim)");
                else known = known.Times(Dim.Const(dims[i]));
            }
            var target = new List<Dim>();
            for (int i = 0; i < dims.Count; i++)
            {
                if (i != inferred) { target.Add(Dim.Const(dims[i])); continue; }
                var q = size.DividedBy(known) ?? throw Mismatch("Reshape", from, Shapes.Of(target), $" (size {size} is not divisible by {known})");
                target.Add(q);
            }
            var result = Shapes.Of(target);
            if (!Shapes.Size(result).Equals(size))
                throw Mismatch("Reshape", from, result, $" (sizes {size} and {Shapes.Size(result)} differ)");
            return Reshape(a, result);
        }

        private int DivideByCount(int a, Dim count) => count.IsConstant ? Mul(Const(1.0 / count.Coefficient), a) : Div(a, DimValue(count));

        private static int NormalizeAxis(string op, int axis, EquatableArray<Dim> shape)
        {
            int k = Shapes.NormalizeAxis(axis, shape.Count);
            if (k < 0 || k >= shape.Count) throw new GraphException(Descriptors.InvalidAxis, op, axis, Shapes.Format(shape));
            return k;
        }
    }
}
