using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Softmax and log-softmax over one axis.</summary>
    internal sealed class SoftmaxOp : OpDefinition
    {
        public SoftmaxOp(OpKind kind) => Kind = kind;

        public override OpKind Kind { get; }

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var shape = b.ShapeOf(proto.Args[0]);
            if (proto.Index < 0 || proto.Index >= shape.Count) throw new GraphException(Descriptors.InvalidAxis, Name, proto.Index, Shapes.Format(shape));
            return shape;
        }

        /// <summary>The same linear map serves as VJP and JVP: softmax's Jacobian is symmetric, log-softmax's is applied transposed.</summary>
        public override void Vjp(ReverseContext c)
        {
            var b = c.B;
            int k = c.Node.Index, y = c.Node.Id, g = c.G;
            var size = c.Node.Shape[k];
            if (Kind == OpKind.Softmax)
                c.Accumulate(0, b.Mul(y, b.Sub(g, b.ExpandAxis(b.SumAxis(b.Mul(g, y), k), k, size))));
            else
                c.Accumulate(0, b.Sub(g, b.Mul(b.Unary(OpKind.Exp, y), b.ExpandAxis(b.SumAxis(g, k), k, size))));
        }

        public override int Jvp(ForwardContext c)
        {
            int t = c.Tangent(0);
            if (t < 0) return -1;
            var b = c.B;
            int k = c.Node.Index, y = c.Node.Id;
            var size = c.Node.Shape[k];
            if (Kind == OpKind.Softmax)
                return b.Mul(y, b.Sub(t, b.ExpandAxis(b.SumAxis(b.Mul(t, y), k), k, size)));
            return b.Sub(t, b.ExpandAxis(b.SumAxis(b.Mul(b.Unary(OpKind.Exp, y), t), k), k, size));
        }

        public override void EmitCpu(CpuEmitContext c)
        {
            string method = Kind == OpKind.Softmax ? "Forward" : "LogForward";
            c.Line($"global::MetaDsl.Kernels.Softmax.{method}<T>({c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)});");
        }

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            string method = Kind == OpKind.Softmax ? "Forward" : "LogForward";
            c.Call($"GroupSoftmax.{method}<T, {IlgpuEmitContext.Math}>", $"{c.Arg(0)}, {c.Dst}, {c.AxisSplit(c.Node.Shape, c.Node.Index)}");
        }
    }
}
