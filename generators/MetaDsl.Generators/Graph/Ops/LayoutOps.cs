using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Reshape: the same values under new dims. It aliases its argument's buffer.</summary>
    internal sealed class ReshapeOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Reshape;

        public override bool IsAlias => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var from = b.ShapeOf(proto.Args[0]);
            if (!Shapes.Size(from).Equals(Shapes.Size(proto.Shape)))
                throw GraphBuilder.Mismatch("Reshape", from, proto.Shape, " (sizes differ)");
            return proto.Shape;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Reshape(c.G, c.B.ShapeOf(c.Arg(0))));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Reshape(c.Tangent(0), c.Node.Shape);

        public override void EmitCpu(CpuEmitContext c)
        {
            // An alias: the emitter binds the node to its argument's span.
        }

        public override void EmitCuda(CudaEmitContext c)
        {
            // An alias: the emitter binds the node to its argument's pointer.
        }
    }

    /// <summary>Permutes dims.</summary>
    internal sealed class TransposeOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Transpose;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            var perm = proto.Perm;
            if (perm.Count != shape.Count || !perm.OrderBy(p => p).SequenceEqual(Enumerable.Range(0, shape.Count)))
                throw new GraphException(Descriptors.InvalidOpArgument, "Transpose", $"[{string.Join(", ", perm)}] is not a permutation of the {shape.Count} dims of {Shapes.Format(shape)}");
            return Shapes.Of(perm.Select(p => shape[p]));
        }

        public override void Vjp(ReverseContext c)
        {
            var perm = c.Node.Perm;
            var inverse = new int[perm.Count];
            for (int i = 0; i < perm.Count; i++) inverse[perm[i]] = i;
            c.Accumulate(0, c.B.Transpose(c.G, inverse));
        }

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Transpose(c.Tangent(0), c.Node.Perm);

        public override void EmitCpu(CpuEmitContext c)
        {
            var dims = string.Join(", ", c.ArgShape(0).Select(d => d.ToCode()));
            var perm = string.Join(", ", c.Node.Perm);
            c.Line($"global::MetaDsl.Kernels.Layout.Transpose<T>({c.Arg(0)}, {c.Dst}, stackalloc int[] {{ {dims} }}, stackalloc int[] {{ {perm} }});");
        }

        /// <summary>The device primitive takes rank 4: leading unit dims pad lower ranks, and the permutation shifts past them.</summary>
        public override void EmitCuda(CudaEmitContext c)
        {
            var shape = c.ArgShape(0);
            int pad = 4 - shape.Count;
            var dims = Enumerable.Range(0, 4).Select(d => d < pad ? "1" : CudaEmitContext.Code(shape[d - pad]));
            var perm = Enumerable.Range(0, 4).Select(d => (d < pad ? d : c.Node.Perm[d - pad] + pad).ToString(System.Globalization.CultureInfo.InvariantCulture));
            c.Call("transpose", new[] { c.Arg(0), c.Dst }.Concat(dims).Concat(perm).ToArray());
        }
    }
}
