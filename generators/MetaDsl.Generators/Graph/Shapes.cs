using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>Helpers over shapes (arrays of <see cref="Dim"/>).</summary>
    internal static class Shapes
    {
        /// <summary>The most dims a tensor may have, as in the runtime's <c>Tensor</c>.</summary>
        public const int MaxRank = 6;

        public static readonly EquatableArray<Dim> Scalar = EquatableArray<Dim>.Empty;

        public static EquatableArray<Dim> Of(params Dim[] dims) => dims.ToEquatableArray();

        public static EquatableArray<Dim> Of(IEnumerable<Dim> dims) => dims.ToEquatableArray();

        public static Dim Size(EquatableArray<Dim> shape) => Product(shape, 0, shape.Count);

        public static Dim Product(EquatableArray<Dim> shape, int from, int to)
        {
            var size = Dim.One;
            for (int i = from; i < to; i++) size = size.Times(shape[i]);
            return size;
        }

        public static string Format(EquatableArray<Dim> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString())) + "]";

        /// <summary>True when <paramref name="suffix"/> is a trailing part of <paramref name="shape"/> (or a scalar).</summary>
        public static bool IsSuffixOf(EquatableArray<Dim> suffix, EquatableArray<Dim> shape)
        {
            if (Size(suffix).Equals(Dim.One)) return true;
            if (suffix.Count > shape.Count) return false;
            int offset = shape.Count - suffix.Count;
            for (int i = 0; i < suffix.Count; i++)
                if (!suffix[i].Equals(shape[offset + i])) return false;
            return true;
        }

        /// <summary>The output shape of a suffix-broadcasting binary op, or null when the shapes do not broadcast.</summary>
        public static EquatableArray<Dim>? Broadcast(EquatableArray<Dim> a, EquatableArray<Dim> b)
        {
            if (a.Equals(b)) return a;
            if (IsSuffixOf(b, a) && (a.Count > b.Count || Size(b).Equals(Dim.One))) return a;
            if (IsSuffixOf(a, b)) return b;
            return null;
        }

        /// <summary>
        /// NumPy's broadcast shape: dims aligned from the right must be equal or one of them 1, and a
        /// missing leading dim counts as 1. Null when some aligned pair differs and neither is 1.
        /// </summary>
        public static EquatableArray<Dim>? BroadcastSizeOne(EquatableArray<Dim> a, EquatableArray<Dim> b)
        {
            int rank = System.Math.Max(a.Count, b.Count);
            var dims = new Dim[rank];
            for (int i = 0; i < rank; i++)
            {
                var x = i < rank - a.Count ? Dim.One : a[i - (rank - a.Count)];
                var y = i < rank - b.Count ? Dim.One : b[i - (rank - b.Count)];
                if (x.Equals(y) || y.Equals(Dim.One)) dims[i] = x;
                else if (x.Equals(Dim.One)) dims[i] = y;
                else return null;
            }
            return dims.ToEquatableArray();
        }

        public static int NormalizeAxis(int axis, int rank) => axis < 0 ? axis + rank : axis;

        public static EquatableArray<Dim> RemoveAxis(EquatableArray<Dim> shape, int axis)
            => shape.Where((_, i) => i != axis).ToEquatableArray();

        public static EquatableArray<Dim> InsertAxis(EquatableArray<Dim> shape, int axis, Dim size)
        {
            var list = shape.ToList();
            list.Insert(axis, size);
            return list.ToEquatableArray();
        }
    }
}
