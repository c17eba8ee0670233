using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Add, Sub, Mul and Div with broadcasting over trailing dims and scalars (the builder first lowers size-1 broadcasting to ExpandAxis).</summary>
    internal sealed class BinaryOp : OpDefinition
    {
        public BinaryOp(OpKind kind) => Kind = kind;

        public override OpKind Kind { get; }

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var x = b.ShapeOf(proto.Args[0]);
            var y = b.ShapeOf(proto.Args[1]);
            return Shapes.Broadcast(x, y)
                ?? throw GraphBuilder.Mismatch(Name, x, y, " (aligned from the right, each pair of dims must be equal or one of them 1)");
        }

        public override void Vjp(ReverseContext c)
        {
            var b = c.B;
            int x = c.Arg(0), y = c.Arg(1), g = c.G;
            var sx = b.ShapeOf(x);
            var sy = b.ShapeOf(y);
            switch (Kind)
            {
                case OpKind.Add:
                    c.Accumulate(0, b.SumTo(g, sx));
                    c.Accumulate(1, b.SumTo(g, sy));
                    break;
                case OpKind.Sub:
                    c.Accumulate(0, b.SumTo(g, sx));
                    c.Accumulate(1, b.Neg(b.SumTo(g, sy)));
                    break;
                case OpKind.Mul:
                    c.Accumulate(0, b.SumTo(b.Mul(g, y), sx));
                    c.Accumulate(1, b.SumTo(b.Mul(g, x), sy));
                    break;
                case OpKind.Div:
                    c.Accumulate(0, b.SumTo(b.Div(g, y), sx));
                    c.Accumulate(1, b.SumTo(b.Neg(b.Div(b.Mul(g, c.Node.Id), y)), sy));
                    break;
            }
        }

        public override int Jvp(ForwardContext c)
        {
            var b = c.B;
            int tx = c.Tangent(0), ty = c.Tangent(1);
            if (tx < 0 && ty < 0) return -1;
            int x = c.Arg(0), y = c.Arg(1);
            var shape = c.Node.Shape;
            switch (Kind)
            {
                case OpKind.Add:
                    return tx < 0 ? b.Broadcast(ty, shape) : ty < 0 ? b.Broadcast(tx, shape) : b.Add(tx, ty);
                case OpKind.Sub:
                    return tx < 0 ? b.Neg(b.Broadcast(ty, shape)) : ty < 0 ? b.Broadcast(tx, shape) : b.Sub(tx, ty);
                case OpKind.Mul:
                    if (tx < 0) return b.Mul(x, ty);
                    if (ty < 0) return b.Mul(tx, y);
                    return b.Add(b.Mul(tx, y), b.Mul(x, ty));
                default:
                    int fromY = ty < 0 ? -1 : b.Neg(b.Div(b.Mul(c.Node.Id, ty), y));
                    int fromX = tx < 0 ? -1 : b.Div(tx, y);
                    return fromX < 0 ? fromY : fromY < 0 ? b.Broadcast(fromX, shape) : b.Add(fromX, fromY);
            }
        }

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.ElementWise.{Kind}<T>({c.Arg(0)}, {c.Arg(1)}, {c.Dst});");

        public override void EmitIlgpu(IlgpuEmitContext c) => c.Call($"GroupElementWise.{Kind}", $"{c.Arg(0)}, {c.Arg(1)}, {c.Dst}");
    }
}
