using System.Collections.Generic;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// Slice and its adjoint Pad as primitives; Concat as a sum of pads and Gather as a one-hot
    /// product, so that both inherit exact derivative rules (Gather's gradient is the one-hot
    /// transpose times the adjoint: a scatter-add into the table's rows).
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        public int Slice(int x, int axis, int start, int length)
        {
            var shape = ShapeOf(x);
            int k = NormalizeAxis("Slice", axis, shape);
            if (start == 0 && shape[k].Equals(Dim.Const(length))) return x;
            return Create(new Node(-1, OpKind.Slice, EquatableArray.Of(x), Shapes.Scalar) { Index = k, Start = start, DimArg = Dim.Const(length) });
        }

        /// <summary>
        /// <c>x[index]</c>: one position of axis 0 with that axis dropped, so a stacked parameter
        /// <c>W [layers, a, b]</c> gives layer <c>index</c> as <c>[a, b]</c>. A slice and a reshape, so it
        /// inherits their derivative rules.
        /// </summary>
        public int Index(int x, int index)
        {
            var shape = ShapeOf(x);
            if (shape.Count == 0) throw new GraphException(Descriptors.InvalidOpArgument, "Indexing", "a scalar has no axis to index");
            if (!shape[0].IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, "Indexing", $"axis 0 of {Shapes.Format(shape)} must have a constant dim to index");
            if (index < 0 || index >= shape[0].Coefficient)
                throw new GraphException(Descriptors.InvalidOpArgument, "Indexing", $"index {index} is not within axis 0 of {Shapes.Format(shape)}");
            return Reshape(Slice(x, 0, index, 1), Shapes.RemoveAxis(shape, 0));
        }

        public int Pad(int x, int axis, int start, Dim size)
        {
            if (start == 0 && ShapeOf(x)[axis].Equals(size)) return x;
            return Create(new Node(-1, OpKind.Pad, EquatableArray.Of(x), Shapes.Scalar) { Index = axis, Start = start, DimArg = size });
        }

        /// <summary>Joins tensors along one axis; every other dim must agree and the joined dims must be constants.</summary>
        public int Concat(int axis, IReadOnlyList<int> parts)
        {
            if (parts.Count == 0) throw new GraphException(Descriptors.InvalidOpArgument, "Concat", "there are no tensors to join");
            var first = ShapeOf(parts[0]);
            int k = NormalizeAxis("Concat", axis, first);
            long total = 0;
            foreach (var part in parts)
            {
                var shape = ShapeOf(part);
                if (shape.Count != first.Count || !Shapes.RemoveAxis(shape, k).Equals(Shapes.RemoveAxis(first, k)))
                    throw Mismatch("Concat", first, shape, $" (every dim but axis {k} must agree)");
                if (!shape[k].IsConstant)
                    throw new GraphException(Descriptors.InvalidOpArgument, "Concat", $"axis {k} of {Shapes.Format(shape)} must have a constant dim to join");
                total += shape[k].Coefficient;
            }
            int result = -1;
            long offset = 0;
            foreach (var part in parts)
            {
                int padded = Pad(part, k, (int)offset, Dim.Const(total));
                result = result < 0 ? padded : Add(result, padded);
                offset += ShapeOf(part)[k].Coefficient;
            }
            return result;
        }

        /// <summary>The user's <c>OneHot(labels, classes)</c>: checked, then the node that SoftmaxCrossEntropy and Gather also use.</summary>
        public int OneHotOf(int labels, int classes)
        {
            if (classes < 1) throw new GraphException(Descriptors.InvalidOpArgument, "OneHot", $"the class count is {classes}; it must be at least 1");
            if (ShapeOf(labels).Count >= Shapes.MaxRank)
                throw new GraphException(Descriptors.InvalidOpArgument, "OneHot", $"labels {Shapes.Format(ShapeOf(labels))} have rank {ShapeOf(labels).Count}; the result may have at most {Shapes.MaxRank} dims");
            return OneHot(labels, classes);
        }

        /// <summary>Rows of <paramref name="table"/> [v, d] picked by class indices of any shape: [..., d].</summary>
        public int Gather(int table, int indices)
        {
            var ts = ShapeOf(table);
            if (ts.Count != 2)
                throw new GraphException(Descriptors.InvalidOpArgument, "Gather", $"table {Shapes.Format(ts)} has rank {ts.Count}; it must be [v, d]");
            if (!ts[0].IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, "Gather", $"the row count {ts[0]} of table {Shapes.Format(ts)} must be a constant dim");
            var indexShape = ShapeOf(indices);
            int oneHot = OneHot(indices, (int)ts[0].Coefficient);
            if (indexShape.Count > 0) return MatMul(oneHot, table);
            return Reshape(MatMul(Reshape(oneHot, Shapes.Of(Dim.One, ts[0])), table), Shapes.Of(ts[1]));
        }
    }
}
