using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Inputs, parameters and HVP directions: views over caller memory, with no derivative rules of their own (transforms seed them).</summary>
    internal sealed class SourceOp : OpDefinition
    {
        public SourceOp(OpKind kind) => Kind = kind;

        public override OpKind Kind { get; }

        public override bool ShapeFromProto => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => proto.Shape;

        public override void EmitCpu(CpuEmitContext c)
        {
            // Sources are bound to spans over theta, v or the batch before any op runs.
        }

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            // Sources are bound to views of theta, v or the task's inputs before any op runs.
        }
    }

    /// <summary>A scalar constant.</summary>
    internal sealed class ConstOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Const;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => Shapes.Scalar;

        public override void EmitCpu(CpuEmitContext c) => c.Line($"{c.Dst}[0] = T.CreateChecked({CpuEmitContext.Literal(c.Node.Value)});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call("GroupElementWise.Scalar", $"{c.Dst}, {IlgpuEmitContext.Constant(CpuEmitContext.Literal(c.Node.Value))}");
    }

    /// <summary>A scalar holding a symbolic dim's run-time value.</summary>
    internal sealed class DimValueOp : OpDefinition
    {
        public override OpKind Kind => OpKind.DimValue;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => Shapes.Scalar;

        public override void EmitCpu(CpuEmitContext c) => c.Line($"{c.Dst}[0] = T.CreateChecked({c.Node.DimArg!.ToCode()});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call("GroupElementWise.Scalar", $"{c.Dst}, {IlgpuEmitContext.Constant(c.Node.DimArg!.ToCode())}");
    }

    /// <summary>One-hot rows from class-index labels; labels are data, so it has no derivative.</summary>
    internal sealed class OneHotOp : OpDefinition
    {
        public override OpKind Kind => OpKind.OneHot;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
            => Shapes.InsertAxis(b.ShapeOf(proto.Args[0]), b.ShapeOf(proto.Args[0]).Count, Dim.Const(proto.Index));

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.ElementWise.OneHot<T>({c.Arg(0)}, {c.Dst}, {c.Node.Index}, \"{c.ArgName(0)}\");");

        /// <summary>Labels are checked on the host before launch (the device cannot throw), so here every label is a class index.</summary>
        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call($"GroupElementWise.OneHot<T, {IlgpuEmitContext.Math}>", $"{c.Arg(0)}, {c.Dst}, {c.Node.Index}");
    }
}
