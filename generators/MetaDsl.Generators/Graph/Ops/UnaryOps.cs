using System;
using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>Element-wise functions of one tensor, each with its derivative written in IR.</summary>
    internal sealed class UnaryOps : OpDefinition
    {
        private const double InverseSqrt2Pi = 0.39894228040143267794;

        public UnaryOps(OpKind kind) => Kind = kind;

        public override OpKind Kind { get; }

        /// <summary>The op applied to a constant, for folding; null where folding would hide a domain error (or needs erf, which the generator lacks).</summary>
        public static double? Fold(OpKind op, double x)
        {
            switch (op)
            {
                case OpKind.Neg: return -x;
                case OpKind.Relu: return Math.Max(x, 0);
                case OpKind.Step: return x > 0 ? 1 : 0;
                case OpKind.Tanh: return Math.Tanh(x);
                case OpKind.Sigmoid: return 1 / (1 + Math.Exp(-x));
                case OpKind.Exp: return Math.Exp(x);
                case OpKind.Log: return x > 0 ? Math.Log(x) : (double?)null;
                case OpKind.Square: return x * x;
                case OpKind.Sqrt: return x >= 0 ? Math.Sqrt(x) : (double?)null;
                case OpKind.Rsqrt: return x > 0 ? 1 / Math.Sqrt(x) : (double?)null;
                case OpKind.Abs: return Math.Abs(x);
                case OpKind.Sin: return Math.Sin(x);
                case OpKind.Cos: return Math.Cos(x);
                case OpKind.Softplus: return Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
                default: return null;
            }
        }

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto) => b.ShapeOf(proto.Args[0]);

        /// <summary>d op(x)/dx as IR, times <paramref name="t"/> (an adjoint or a tangent: both use the same factor).</summary>
        private int Scale(GraphBuilder b, Node n, int t)
        {
            int x = n.Args[0], y = n.Id;
            switch (Kind)
            {
                case OpKind.Neg: return b.Neg(t);
                case OpKind.Relu: return b.Mul(t, b.Unary(OpKind.Step, x));
                case OpKind.Step: return -1;
                case OpKind.Tanh: return b.Mul(t, b.Sub(b.Const(1), b.Unary(OpKind.Square, y)));
                case OpKind.Sigmoid: return b.Mul(t, b.Mul(y, b.Sub(b.Const(1), y)));
                case OpKind.Exp: return b.Mul(t, y);
                case OpKind.Log: return b.Div(t, x);
                case OpKind.Square: return b.Mul(b.Const(2), b.Mul(t, x));
                case OpKind.Sqrt: return b.Div(b.Mul(b.Const(0.5), t), y);
                case OpKind.Rsqrt: return b.Mul(b.Const(-0.5), b.Mul(t, b.Div(y, x)));
                // sign(x) = step(x) - step(-x): zero at zero, like PyTorch's subgradient.
                case OpKind.Abs: return b.Mul(t, b.Sub(b.Unary(OpKind.Step, x), b.Unary(OpKind.Step, b.Neg(x))));
                case OpKind.Sin: return b.Mul(t, b.Unary(OpKind.Cos, x));
                case OpKind.Cos: return b.Neg(b.Mul(t, b.Unary(OpKind.Sin, x)));
                case OpKind.Softplus: return b.Mul(t, b.Unary(OpKind.Sigmoid, x));
                case OpKind.Gelu: return b.Mul(t, b.Unary(OpKind.GeluDerivative, x));
                case OpKind.GeluDerivative:
                {
                    // d/dx (Φ + x φ) = φ (2 - x²), with φ(x) = exp(-x²/2) / √(2π).
                    int square = b.Unary(OpKind.Square, x);
                    int density = b.Mul(b.Const(InverseSqrt2Pi), b.Unary(OpKind.Exp, b.Mul(b.Const(-0.5), square)));
                    return b.Mul(t, b.Mul(density, b.Sub(b.Const(2), square)));
                }
                default: throw new InvalidOperationException("Not a unary op: " + Kind);
            }
        }

        public override void Vjp(ReverseContext c)
        {
            int g = Scale(c.B, c.Node, c.G);
            if (g >= 0) c.Accumulate(0, g);
        }

        public override int Jvp(ForwardContext c)
        {
            int t = c.Tangent(0);
            return t < 0 ? -1 : Scale(c.B, c.Node, t);
        }

        public override void EmitCpu(CpuEmitContext c)
            => c.Line($"global::MetaDsl.Kernels.ElementWise.{Kind}<T>({c.Arg(0)}, {c.Dst});");

        /// <summary>Functions beyond arithmetic take their math from TMath (see <c>IKernelMath</c>).</summary>
        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            bool needsMath = Kind is not (OpKind.Neg or OpKind.Relu or OpKind.Step or OpKind.Square or OpKind.Abs);
            c.Call($"GroupElementWise.{Kind}{(needsMath ? "<T, " + IlgpuEmitContext.Math + ">" : "")}", $"{c.Arg(0)}, {c.Dst}");
        }
    }
}
