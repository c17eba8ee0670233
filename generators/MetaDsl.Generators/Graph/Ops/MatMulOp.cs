using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// op(A) · op(B) over the last two dims, where op transposes when its flag is set. Batch dims
    /// are equal on both sides, or one side is a plain matrix shared by the whole batch.
    /// </summary>
    internal sealed class MatMulOp : OpDefinition
    {
        public override OpKind Kind => OpKind.MatMul;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var a = b.ShapeOf(proto.Args[0]);
            var w = b.ShapeOf(proto.Args[1]);
            if (a.Count < 2 || w.Count < 2)
                throw GraphBuilder.Mismatch("MatMul", a, w, " (both operands need at least two dims)");
            var (m, k) = Rows(a, proto.TransA);
            var (k2, n) = Rows(w, proto.TransB);
            if (!k.Equals(k2))
                throw GraphBuilder.Mismatch("MatMul", a, w, $" (inner dims {k} and {k2} differ)");
            if (a.Count > 2 && w.Count > 2 && !BatchDimsEqual(a, w))
                throw GraphBuilder.Mismatch("MatMul", a, w, " (batch dims differ)");
            var batched = a.Count > 2 ? a : w;
            var shape = new Dim[batched.Count];
            for (int i = 0; i < shape.Length - 2; i++) shape[i] = batched[i];
            shape[shape.Length - 2] = m;
            shape[shape.Length - 1] = n;
            return Shapes.Of(shape);
        }

        private static bool BatchDimsEqual(EquatableArray<Dim> a, EquatableArray<Dim> w)
        {
            if (a.Count != w.Count) return false;
            for (int i = 0; i < a.Count - 2; i++)
                if (!a[i].Equals(w[i])) return false;
            return true;
        }

        private static (Dim Rows, Dim Cols) Rows(EquatableArray<Dim> s, bool transposed)
            => transposed ? (s[s.Count - 1], s[s.Count - 2]) : (s[s.Count - 2], s[s.Count - 1]);

        public override void Vjp(ReverseContext c)
        {
            var b = c.B;
            int x = c.Arg(0), w = c.Arg(1), g = c.G;
            bool ta = c.Node.TransA, tb = c.Node.TransB;
            int gx = ta ? b.MatMul(w, g, tb, true) : b.MatMul(g, w, false, !tb);
            int gw = tb ? b.MatMul(g, x, true, ta) : b.MatMul(x, g, !ta, false);
            c.Accumulate(0, b.SumTo(gx, b.ShapeOf(x)));
            c.Accumulate(1, b.SumTo(gw, b.ShapeOf(w)));
        }

        public override int Jvp(ForwardContext c)
        {
            var b = c.B;
            int tx = c.Tangent(0), tw = c.Tangent(1);
            int fromX = tx < 0 ? -1 : b.MatMul(tx, c.Arg(1), c.Node.TransA, c.Node.TransB);
            int fromW = tw < 0 ? -1 : b.MatMul(c.Arg(0), tw, c.Node.TransA, c.Node.TransB);
            return fromX < 0 ? fromW : fromW < 0 ? fromX : b.Add(fromX, fromW);
        }

        public override void EmitCpu(CpuEmitContext c)
            => c.Line(Call(c.Node, c.ArgShape(0), c.ArgShape(1), c.Arg(0), c.Arg(1), c.Dst, accumulate: false));

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            var g = GemmArguments.Of(c.Node, c.ArgShape(0), c.ArgShape(1));
            c.Call("GroupGemm.MatMul", $"{c.Arg(0)}, {c.Arg(1)}, {c.Dst}, {g.Batch.ToCode()}, {g.Rows.ToCode()}, {g.Inner.ToCode()}, {g.Cols.ToCode()}, {Bool(c.Node.TransA)}, {Bool(c.Node.TransB)}, {g.StrideA.ToCode()}, {g.StrideB.ToCode()}");
        }

        /// <summary>The CPU kernel call computing <paramref name="node"/> from the given operand locals into <paramref name="dst"/>.</summary>
        public string Call(Node node, EquatableArray<Dim> a, EquatableArray<Dim> w, string left, string right, string dst, bool accumulate)
        {
            var g = GemmArguments.Of(node, a, w);
            string tail = accumulate ? ", accumulate: true" : "";
            return $"global::MetaDsl.Kernels.Gemm.MatMul<T>({left}, {right}, {dst}, {g.Batch.ToCode()}, {g.Rows.ToCode()}, {g.Inner.ToCode()}, {g.Cols.ToCode()}, {Bool(node.TransA)}, {Bool(node.TransB)}, {g.StrideA.ToCode()}, {g.StrideB.ToCode()}{tail});";
        }

        /// <summary>The CPU kernel call computing <paramref name="node"/> plus a bias per column, clamped at zero when <paramref name="relu"/>, into <paramref name="dst"/>.</summary>
        public string BiasCall(Node node, EquatableArray<Dim> a, EquatableArray<Dim> w, string left, string right, string bias, string dst, bool relu)
        {
            var g = GemmArguments.Of(node, a, w);
            return $"global::MetaDsl.Kernels.Gemm.MatMulBias<T>({left}, {right}, {bias}, {dst}, {g.Batch.ToCode()}, {g.Rows.ToCode()}, {g.Inner.ToCode()}, {g.Cols.ToCode()}, {Bool(node.TransA)}, {Bool(node.TransB)}, {g.StrideA.ToCode()}, {g.StrideB.ToCode()}, relu: {Bool(relu)});";
        }

        /// <summary>
        /// The batched-GEMM arguments both kernels take. A batched left operand times a shared,
        /// untransposed right one is one tall product (rows = batch · m), which is faster than a batch of small ones.
        /// </summary>
        private sealed record GemmArguments(Dim Batch, Dim Rows, Dim Inner, Dim Cols, Dim StrideA, Dim StrideB)
        {
            public static GemmArguments Of(Node node, EquatableArray<Dim> a, EquatableArray<Dim> w)
            {
                bool ta = node.TransA, tb = node.TransB;
                var (m, k) = MatMulOp.Rows(a, ta);
                var n = MatMulOp.Rows(w, tb).Cols;
                bool aBatched = a.Count > 2, bBatched = w.Count > 2;
                var zero = Dim.Const(0);
                if (!bBatched && aBatched && !ta)
                    return new GemmArguments(Dim.One, Shapes.Product(a, 0, a.Count - 2).Times(m), k, n, zero, zero);
                var batch = aBatched ? Shapes.Product(a, 0, a.Count - 2) : bBatched ? Shapes.Product(w, 0, w.Count - 2) : Dim.One;
                return new GemmArguments(batch, m, k, n, aBatched ? m.Times(k) : zero, bBatched ? k.Times(n) : zero);
            }
        }

        private static string Bool(bool value) => value ? "true" : "false";
    }
}
