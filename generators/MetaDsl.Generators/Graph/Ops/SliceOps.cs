using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// Slice(x, axis, start, length): positions start … start + length − 1 of one axis (whose dim is a
    /// constant, so the range is checked at build time). Linear: its JVP is itself and its VJP is
    /// <see cref="PadOp"/>, whose rules lead back here, so derivatives of every order are exact.
    /// </summary>
    internal sealed class SliceOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Slice;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            int length = SliceRange.Check("Slice", shape, proto.Index, proto.Start, proto.DimArg!);
            return Shapes.InsertAxis(Shapes.RemoveAxis(shape, proto.Index), proto.Index, Dim.Const(length));
        }

        public override void Vjp(ReverseContext c)
            => c.Accumulate(0, c.B.Pad(c.G, c.Node.Index, c.Node.Start, c.B.ShapeOf(c.Arg(0))[c.Node.Index]));

        public override int Jvp(ForwardContext c)
            => c.Tangent(0) < 0 ? -1 : c.B.Slice(c.Tangent(0), c.Node.Index, c.Node.Start, (int)c.Node.DimArg!.Coefficient);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Slicing.Slice<T>({c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)}, {c.Node.Start}, {c.Node.DimArg!.ToCode()});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupSlicing.Slice", $"{c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.ArgShape(0), c.Node.Index)}, {c.Node.Start}, {c.Node.DimArg!.ToCode()}");
    }

    /// <summary>Pad(g, axis, start, size): zeros of dim <c>size</c> along the axis with g at positions start …; the adjoint of <see cref="SliceOp"/>.</summary>
    internal sealed class PadOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Pad;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            if (proto.Index < 0 || proto.Index >= shape.Count) throw new GraphException(Descriptors.InvalidAxis, "Pad", proto.Index, Shapes.Format(shape));
            var full = Shapes.InsertAxis(Shapes.RemoveAxis(shape, proto.Index), proto.Index, proto.DimArg!);
            SliceRange.Check("Pad", full, proto.Index, proto.Start, shape[proto.Index]);
            return full;
        }

        public override void Vjp(ReverseContext c)
            => c.Accumulate(0, c.B.Slice(c.G, c.Node.Index, c.Node.Start, (int)c.B.ShapeOf(c.Arg(0))[c.Node.Index].Coefficient));

        public override int Jvp(ForwardContext c)
            => c.Tangent(0) < 0 ? -1 : c.B.Pad(c.Tangent(0), c.Node.Index, c.Node.Start, c.Node.DimArg!);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Slicing.Pad<T>({c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)}, {c.Node.Start}, {c.ArgShape(0)[c.Node.Index].ToCode()});");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupSlicing.Pad", $"{c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)}, {c.Node.Start}, {c.ArgShape(0)[c.Node.Index].ToCode()}");
    }

    /// <summary>The build-time check both slice ops share.</summary>
    internal static class SliceRange
    {
        /// <summary>The length of a slice of <paramref name="shape"/>'s <paramref name="axis"/>; throws a user error when the range does not fit.</summary>
        public static int Check(string op, EquatableArray<Dim> shape, int axis, int start, Dim length)
        {
            if (axis < 0 || axis >= shape.Count) throw new GraphException(Descriptors.InvalidAxis, op, axis, Shapes.Format(shape));
            var dim = shape[axis];
            if (!dim.IsConstant || !length.IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, op, $"axis {axis} of {Shapes.Format(shape)} must have a constant dim to slice");
            if (start < 0 || length.Coefficient < 1 || start + length.Coefficient > dim.Coefficient)
                throw new GraphException(Descriptors.InvalidOpArgument, op, $"positions {start} to {start + length.Coefficient - 1} are not within axis {axis} of {Shapes.Format(shape)} (length must be at least 1)");
            return (int)length.Coefficient;
        }
    }
}
