using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Sum of every value into a scalar.</summary>
    internal sealed class SumOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Sum;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => Shapes.Scalar;

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Broadcast(c.G, c.B.ShapeOf(c.Arg(0))));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Sum(c.Tangent(0));

        public override void EmitCpu(CpuEmitContext c) => c.Line($"global::MetaDsl.Kernels.Reductions.Sum<T>({c.Arg(0)}, {c.Dst});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call("GroupReductions.Sum", $"{c.Arg(0)}, {c.Dst}");
    }

    /// <summary>Sum over one axis, which disappears.</summary>
    internal sealed class SumAxisOp : OpDefinition
    {
        public override OpKind Kind => OpKind.SumAxis;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            if (proto.Index < 0 || proto.Index >= shape.Count) throw new GraphException(Descriptors.InvalidAxis, "Sum", proto.Index, Shapes.Format(shape));
            return Shapes.RemoveAxis(shape, proto.Index);
        }

        public override void Vjp(ReverseContext c)
            => c.Accumulate(0, c.B.ExpandAxis(c.G, c.Node.Index, c.B.ShapeOf(c.Arg(0))[c.Node.Index]));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.SumAxis(c.Tangent(0), c.Node.Index);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Reductions.SumAxis<T>({c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupReductions.SumAxis", $"{c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)}");
    }

    /// <summary>Repeats a tensor along a new axis (the adjoint of <see cref="SumAxisOp"/>).</summary>
    internal sealed class ExpandAxisOp : OpDefinition
    {
        public override OpKind Kind => OpKind.ExpandAxis;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
            => Shapes.InsertAxis(b.ShapeOf(proto.Args[0]), proto.Index, proto.DimArg!);

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.SumAxis(c.G, c.Node.Index));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.ExpandAxis(c.Tangent(0), c.Node.Index, c.Node.DimArg!);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Reductions.ExpandAxis<T>({c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupReductions.ExpandAxis", $"{c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)}");
    }

    /// <summary>Sums leading dims away, leaving a trailing part of the shape (the adjoint of a broadcast).</summary>
    internal sealed class SumToOp : OpDefinition
    {
        public override OpKind Kind => OpKind.SumTo;

        public override bool ShapeFromProto => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var from = b.ShapeOf(proto.Args[0]);
            if (!Shapes.IsSuffixOf(proto.Shape, from)) throw GraphBuilder.Mismatch("SumTo", from, proto.Shape, " (the target must be a trailing part)");
            return proto.Shape;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Broadcast(c.G, c.B.ShapeOf(c.Arg(0))));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.SumTo(c.Tangent(0), c.Node.Shape);

        public override void EmitCpu(CpuEmitContext c) => c.Line($"global::MetaDsl.Kernels.Reductions.SumTo<T>({c.Arg(0)}, {c.Dst});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call("GroupReductions.SumTo", $"{c.Arg(0)}, {c.Dst}");
    }

    /// <summary>Repeats a trailing part (or a scalar) to fill a shape.</summary>
    internal sealed class BroadcastToOp : OpDefinition
    {
        public override OpKind Kind => OpKind.BroadcastTo;

        public override bool ShapeFromProto => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var from = b.ShapeOf(proto.Args[0]);
            if (!Shapes.IsSuffixOf(from, proto.Shape)) throw GraphBuilder.Mismatch("BroadcastTo", from, proto.Shape, " (the source must be a trailing part)");
            return proto.Shape;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.SumTo(c.G, c.B.ShapeOf(c.Arg(0))));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Broadcast(c.Tangent(0), c.Node.Shape);

        public override void EmitCpu(CpuEmitContext c) => c.Line($"global::MetaDsl.Kernels.Reductions.BroadcastTo<T>({c.Arg(0)}, {c.Dst});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call("GroupReductions.BroadcastTo", $"{c.Arg(0)}, {c.Dst}");
    }
}
