using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// MaxGather(x, v, axis): along the axis, v at the position where x is largest (the first on
    /// ties), so max(x) is MaxGather(x, x). The selection depends on x only through an argmax, which is
    /// locally constant, so the op is linear in v and has no derivative in x. Its VJP routes the
    /// adjoint back through <see cref="MaxScatterOp"/> with the same selection; both are linear in
    /// their second operand, so every order of derivative is exact (max pooling's routing included).
    /// </summary>
    internal sealed class MaxGatherOp : OpDefinition
    {
        public override OpKind Kind => OpKind.MaxGather;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var x = b.ShapeOf(proto.Args[0]);
            var v = b.ShapeOf(proto.Args[1]);
            if (!x.Equals(v)) throw GraphBuilder.Mismatch("MaxGather", x, v, " (the selector and the values must have the same shape)");
            if (proto.Index < 0 || proto.Index >= x.Count) throw new GraphException(Descriptors.InvalidAxis, "Max", proto.Index, Shapes.Format(x));
            return Shapes.RemoveAxis(x, proto.Index);
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(1, c.B.MaxScatter(c.Arg(0), c.G, c.Node.Index));

        public override int Jvp(ForwardContext c) => c.Tangent(1) < 0 ? -1 : c.B.MaxGather(c.Arg(0), c.Tangent(1), c.Node.Index);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Pooling.MaxGather<T>({c.Arg(0)}, {c.Arg(1)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupWindows.MaxGather<T>", $"{c.Arg(0)}, {c.Arg(1)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)}");
    }

    /// <summary>
    /// MaxScatter(x, g, axis): the shape of x, zero except g at each argmax position of x along the
    /// axis (the adjoint of <see cref="MaxGatherOp"/> in its second operand).
    /// </summary>
    internal sealed class MaxScatterOp : OpDefinition
    {
        public override OpKind Kind => OpKind.MaxScatter;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var x = b.ShapeOf(proto.Args[0]);
            var g = b.ShapeOf(proto.Args[1]);
            if (proto.Index < 0 || proto.Index >= x.Count) throw new GraphException(Descriptors.InvalidAxis, "MaxScatter", proto.Index, Shapes.Format(x));
            if (!Shapes.RemoveAxis(x, proto.Index).Equals(g)) throw GraphBuilder.Mismatch("MaxScatter", x, g, " (the values must have the selector's shape without its axis)");
            return x;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(1, c.B.MaxGather(c.Arg(0), c.G, c.Node.Index));

        public override int Jvp(ForwardContext c) => c.Tangent(1) < 0 ? -1 : c.B.MaxScatter(c.Arg(0), c.Tangent(1), c.Node.Index);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Pooling.MaxScatter<T>({c.Arg(0)}, {c.Arg(1)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupWindows.MaxScatter<T>", $"{c.Arg(0)}, {c.Arg(1)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)}");
    }
}
