using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// NumPy's broadcasting of size-1 dims, lowered before a binary node is made: an operand whose
    /// shape is not a trailing part of the result has its size-1 dims dropped and then repeated
    /// with ExpandAxis, after which the primitive's own trailing-part broadcasting covers the rest.
    /// Where only leading dims are dropped ([1, k] against [n, k]) the Reshape alone suffices, so
    /// nothing of the result's size is materialised (a per-column bias stays a bias).
    /// ExpandAxis and Reshape have exact derivative rules, so nothing new is needed for derivatives.
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        private int BinaryNode(OpKind op, int a, int b)
        {
            var sa = ShapeOf(a);
            var sb = ShapeOf(b);
            if (Shapes.Broadcast(sa, sb) is null && Shapes.BroadcastSizeOne(sa, sb) is EquatableArray<Dim> target)
            {
                a = ExpandSizeOne(a, target);
                b = ExpandSizeOne(b, target);
            }
            return Make(op, a, b);
        }

        /// <summary>
        /// <paramref name="a"/> with each size-1 dim repeated to the size of <paramref name="target"/>'s dim it
        /// aligns with (right-aligned); leading dims it lacks are left to trailing-part broadcasting.
        /// </summary>
        private int ExpandSizeOne(int a, EquatableArray<Dim> target)
        {
            var shape = ShapeOf(a);
            int offset = target.Count - shape.Count;
            var kept = new System.Collections.Generic.List<Dim>();
            for (int i = 0; i < shape.Count; i++)
                if (!Repeats(shape, target, i, offset)) kept.Add(shape[i]);
            if (kept.Count == shape.Count) return a;
            int current = Reshape(a, Shapes.Of(kept));
            if (OnlyLeadingRepeat(shape, target, offset)) return current;
            for (int i = 0; i < shape.Count; i++)
                if (Repeats(shape, target, i, offset)) current = ExpandAxis(current, i, target[offset + i]);
            return current;
        }

        /// <summary>True when the dims that repeat are all before the dims that do not, so the rest stays right-aligned.</summary>
        private static bool OnlyLeadingRepeat(EquatableArray<Dim> shape, EquatableArray<Dim> target, int offset)
        {
            int i = 0;
            while (i < shape.Count && Repeats(shape, target, i, offset)) i++;
            for (; i < shape.Count; i++)
                if (Repeats(shape, target, i, offset)) return false;
            return true;
        }

        private static bool Repeats(EquatableArray<Dim> shape, EquatableArray<Dim> target, int i, int offset)
            => shape[i].Equals(Dim.One) && !target[offset + i].Equals(Dim.One);
    }
}
