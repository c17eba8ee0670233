namespace MetaDsl.Generators.Graph
{
    /// <summary>The primitive ops of the IR. Composite DSL ops (Linear, Mse, Mean, SoftmaxCrossEntropy) lower to these.</summary>
    internal enum OpKind
    {
        Input,
        Param,
        ParamTangent,
        Const,
        DimValue,
        Add,
        Sub,
        Mul,
        Div,
        Neg,
        Relu,
        Step,
        Tanh,
        Sigmoid,
        Exp,
        Log,
        Square,
        Sum,
        SumAxis,
        ExpandAxis,
        SumTo,
        BroadcastTo,
        MatMul,
        Softmax,
        LogSoftmax,
        Reshape,
        Transpose,
        OneHot,
    }
}
