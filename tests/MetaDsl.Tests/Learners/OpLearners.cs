using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// One learner per op: each loss is a nonlinear function of the op's result so that gradients and
// Hessian-vector products through the op are non-trivial, and every op is compared eagerly.

[Learner] public partial class OpLinear { [Param(3, 2)] public Tensor W = null!; [Param(2)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x) => Sum(Square(Linear(x, W, B))); }

[Learner] public partial class OpMatMul { [Param(2, 3, 4)] public Tensor A = null!; [Param(2, 4, 2)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape(2, 2, 3)] Tensor x) => Sum(Square(MatMul(MatMul(x, A), B))); }

[Learner] public partial class OpAdd { [Param(3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x) => Sum(Square(Add(x, P)) * P); }

[Learner] public partial class OpSub { [Param(3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x) => Sum(Square(Sub(P, x)) * P); }

[Learner] public partial class OpMul { [Param(2, 3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(2, 3)] Tensor x) => Sum(Mul(Mul(P, x), P)); }

[Learner] public partial class OpDiv { [Param(3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x) => Sum(Div(x, 2.0 + Square(P)) + Div(1.0, 3.0 + Square(x * P))); }

[Learner] public partial class OpNeg { [Param(3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(3)] Tensor x) => Sum(Square(Neg(P * x)) * P); }

[Learner] public partial class OpRelu { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Relu(x * P + P))); }

[Learner] public partial class OpTanh { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Tanh(x * P)); }

[Learner] public partial class OpSigmoid { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Sigmoid(x * P)); }

[Learner] public partial class OpExp { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Exp(x * P)); }

[Learner] public partial class OpLog { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Log(1.5 + Tanh(x * P))); }

[Learner] public partial class OpSquare { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Square(x * P))); }

[Learner] public partial class OpSumAxis { [Param(3, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(2, 3, 4)] Tensor x) => Sum(Square(Sum(x * P, 1))) + Sum(Square(Sum(x * P, -1))) + Sum(Square(Sum(x * P, 0))); }

[Learner] public partial class OpMean { [Param(3, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x) => Square(Mean(x * P)) + Sum(Square(Mean(x * P, 0))) + Sum(Square(Mean(x * P, 2))); }

[Learner] public partial class OpMse { [Param(2, 1)] public Tensor W = null!;
    [Loss] public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Tanh(Linear(x, W)), y); }

[Learner] public partial class OpSoftmax { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(3, 4)] Tensor x) => Sum(Square(Softmax(x * P))) + Sum(Square(Softmax(x * P, 0))); }

[Learner] public partial class OpLogSoftmax { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(3, 4)] Tensor x) => Sum(Square(LogSoftmax(x * P))) + Sum(LogSoftmax(x * P, 0) * x); }

[Learner] public partial class OpSoftmaxCrossEntropy { [Param(3, 4)] public Tensor W = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Linear(x, W), labels); }

[Learner] public partial class OpReshape { [Param(2, 6)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(4, 3)] Tensor x) => Sum(Square(Reshape(P, 4, 3) * x)) + Sum(Square(Reshape(P * P, -1, 2, 2, 3))); }

[Learner] public partial class OpTranspose { [Param(2, 3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(3, 2)] Tensor x) => Sum(Square(Transpose(P) * x + x)) + Sum(Square(MatMul(Transpose(P), P))); }

[Learner] public partial class OpTransposeRank4 { [Param(2, 3, 2, 2)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(3, 2, 2, 2)] Tensor x) => Sum(Square(Transpose(P, 1, 3, 0, 2) * Transpose(x, 0, 2, 3, 1))); }
