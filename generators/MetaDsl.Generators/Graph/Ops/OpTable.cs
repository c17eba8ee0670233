using System.Collections.Generic;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>The one table of primitive ops.</summary>
    internal static class OpTable
    {
        private static readonly Dictionary<OpKind, OpDefinition> s_ops = Build();

        public static OpDefinition Get(OpKind kind) => s_ops[kind];

        private static Dictionary<OpKind, OpDefinition> Build()
        {
            var ops = new OpDefinition[]
            {
                new SourceOp(OpKind.Input), new SourceOp(OpKind.Param), new SourceOp(OpKind.ParamTangent),
                new ConstOp(), new DimValueOp(), new OneHotOp(),
                new BinaryOp(OpKind.Add), new BinaryOp(OpKind.Sub), new BinaryOp(OpKind.Mul), new BinaryOp(OpKind.Div),
                new UnaryOps(OpKind.Neg), new UnaryOps(OpKind.Relu), new UnaryOps(OpKind.Step), new UnaryOps(OpKind.Tanh),
                new UnaryOps(OpKind.Sigmoid), new UnaryOps(OpKind.Exp), new UnaryOps(OpKind.Log), new UnaryOps(OpKind.Square),
                new UnaryOps(OpKind.Sqrt), new UnaryOps(OpKind.Rsqrt), new UnaryOps(OpKind.Abs), new UnaryOps(OpKind.Sin),
                new UnaryOps(OpKind.Cos), new UnaryOps(OpKind.Softplus), new UnaryOps(OpKind.Gelu), new UnaryOps(OpKind.GeluDerivative),
                new ParameterizedUnaryOps(OpKind.Pow), new ParameterizedUnaryOps(OpKind.LeakyRelu), new ParameterizedUnaryOps(OpKind.Clamp),
                new CausalMaskOp(), new SliceOp(), new PadOp(),
                new SumOp(), new SumAxisOp(), new ExpandAxisOp(), new SumToOp(), new BroadcastToOp(),
                new MatMulOp(), new SoftmaxOp(OpKind.Softmax), new SoftmaxOp(OpKind.LogSoftmax),
                new ReshapeOp(), new TransposeOp(),
                new Im2ColOp(), new Col2ImOp(), new MaxGatherOp(), new MaxScatterOp(),
            };
            var table = new Dictionary<OpKind, OpDefinition>();
            foreach (var op in ops) table.Add(op.Kind, op);
            return table;
        }
    }
}
