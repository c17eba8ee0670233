using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// CausalMask(x, fill) on the last two axes [..., t, t]: entries with column &gt; row become
    /// <see cref="Node.Value"/> (−∞ in user code, so Softmax gives them zero weight). The kept entries
    /// pass through, so the op is affine with a constant mask: its VJP and JVP are the same mask with
    /// fill 0, which makes every derivative through a masked entry exactly 0 rather than ∞ · 0.
    /// </summary>
    internal sealed class CausalMaskOp : OpDefinition
    {
        public override OpKind Kind => OpKind.CausalMask;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            if (shape.Count < 2)
                throw new GraphException(Descriptors.InvalidOpArgument, "CausalMask", $"scores {Shapes.Format(shape)} has rank {shape.Count}; it must be [..., t, t]");
            if (!shape[shape.Count - 1].Equals(shape[shape.Count - 2]))
                throw new GraphException(Descriptors.InvalidOpArgument, "CausalMask", $"the last two dims of scores {Shapes.Format(shape)} must be equal ([..., t, t])");
            return shape;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.CausalMask(c.G, 0));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.CausalMask(c.Tangent(0), 0);

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.Masks.CausalMask<T>({c.Arg(0)}, {c.Dst}, {Size(c)}, T.CreateChecked({CpuEmitContext.Literal(c.Node.Value)}));");

        public override void EmitIlgpu(IlgpuEmitContext c)
            => c.Call("GroupMasks.CausalMask", $"{c.Arg(0)}, {c.Dst}, {Size(c)}, {IlgpuEmitContext.Constant(CpuEmitContext.Literal(c.Node.Value))}");

        private static string Size(EmitContext c) => c.Node.Shape[c.Node.Shape.Count - 1].ToCode();
    }
}
