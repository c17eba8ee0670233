using System;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// Element-wise functions of one tensor and constants held on the node: Pow (exponent in
    /// <see cref="Node.Value"/>), LeakyRelu (slope) and Clamp (bounds in Value and <see cref="Node.Upper"/>).
    /// Their derivatives are built from other ops, so every order stays exact.
    /// </summary>
    internal sealed class ParameterizedUnaryOps : OpDefinition
    {
        public ParameterizedUnaryOps(OpKind kind) => Kind = kind;

        public override OpKind Kind { get; }

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => b.ShapeOf(proto.Args[0]);

        /// <summary>The op applied to a constant, for folding; null where folding would hide a domain error.</summary>
        public static double? Fold(Node n, double x)
        {
            switch (n.Op)
            {
                case OpKind.Pow:
                    double y = Math.Pow(x, n.Value);
                    return double.IsNaN(y) ? (double?)null : y;
                case OpKind.LeakyRelu: return x > 0 ? x : n.Value * x;
                case OpKind.Clamp: return Math.Min(Math.Max(x, n.Value), n.Upper);
                default: return null;
            }
        }

        /// <summary>d op(x)/dx as IR, times <paramref name="t"/>.</summary>
        private int Scale(GraphBuilder b, Node n, int t)
        {
            int x = n.Args[0];
            switch (Kind)
            {
                case OpKind.Pow:
                    return b.Mul(b.Const(n.Value), b.Mul(t, b.Pow(x, n.Value - 1)));
                case OpKind.LeakyRelu:
                    // slope + (1 - slope) · step(x): 1 above zero, the slope at and below it.
                    return b.Mul(t, b.Add(b.Const(n.Value), b.Mul(b.Const(1 - n.Value), b.Unary(OpKind.Step, x))));
                default:
                    // step(x - lo) - step(x - hi): 1 strictly inside (lo, hi] and 0 where the clamp holds the value.
                    int inside = b.Sub(b.Unary(OpKind.Step, b.Sub(x, b.Const(n.Value))), b.Unary(OpKind.Step, b.Sub(x, b.Const(n.Upper))));
                    return b.Mul(t, inside);
            }
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, Scale(c.B, c.Node, c.G));

        public override int Jvp(ForwardContext c)
        {
            int t = c.Tangent(0);
            return t < 0 ? -1 : Scale(c.B, c.Node, t);
        }

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.ElementWise.{Kind}<T>({c.Arg(0)}, {Constants(c.Node, Cpu)}, {c.Dst});");

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            string method = Kind == OpKind.Pow ? "Pow<T, " + IlgpuEmitContext.Math + ">" : Kind.ToString();
            c.Call("GroupElementWise." + method, $"{c.Arg(0)}, {Constants(c.Node, IlgpuEmitContext.Constant)}, {c.Dst}");
        }

        private static string Cpu(string literal) => $"T.CreateChecked({literal})";

        private static string Constants(Node n, Func<string, string> constant)
            => n.Op == OpKind.Clamp
                ? constant(CpuEmitContext.Literal(n.Value)) + ", " + constant(CpuEmitContext.Literal(n.Upper))
                : constant(CpuEmitContext.Literal(n.Value));
    }
}
