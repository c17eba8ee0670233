using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// One learner per convolutional op, tiny shapes so finite differences stay fast. Each loss is a
// nonlinear function of the op's result, so that gradients and H·v through the op are non-trivial.

[Learner] public partial class OpConv2d { [Param(3, 2, 3, 3)] public Tensor W = null!; [Param(3)] public Tensor B = null!; [Param(2, 2, 2, 2)] public Tensor V = null!;
    [Loss] public Tensor Loss([Shape(2, 2, 6, 6)] Tensor x)
        => Sum(Square(Tanh(Conv2d(x, W, B, padding: 1)))) + Sum(Tanh(Conv2d(Tanh(x), V, stride: 2)) * Conv2d(x, V, stride: 2)); }

[Learner] public partial class OpConv2dStrided { [Param(2, 2, 3, 3)] public Tensor W = null!; [Param(2)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape("n", 2, 5, 5)] Tensor x) => Sum(Square(Tanh(Conv2d(x * 0.5, Tanh(W), B, 2, 1)))); }

[Learner] public partial class OpConv1x1 { [Param(3, 2, 1, 1)] public Tensor W = null!; [Param(3)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape(2, 2, 3, 3)] Tensor x) => Sum(Square(Tanh(Conv2d(x, W, B)))); }

[Learner] public partial class OpMaxPool2d { [Param(6, 6)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(2, 2, 6, 6)] Tensor x) => Sum(Square(MaxPool2d(Tanh(x * P), 2))) + Sum(Square(MaxPool2d(x * P, 3, 2))); }

[Learner] public partial class OpAvgPool2d { [Param(6, 6)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape(2, 2, 6, 6)] Tensor x) => Sum(Square(AvgPool2d(Tanh(x * P), 2))) + Sum(Tanh(AvgPool2d(x * P, 3, 2))); }

[Learner] public partial class OpBatchNorm { [Param(4, 4)] public Tensor P = null!; [Param(3)] public Tensor G = null!; [Param(3)] public Tensor Bt = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4, 4)] Tensor x) => Sum(Tanh(BatchNorm(x * P, G, Bt)) * x); }

[Learner] public partial class OpBatchNorm2d { [Param(3, 4)] public Tensor W = null!; [Param(4)] public Tensor G = null!; [Param(4)] public Tensor Bt = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x) => Sum(Square(Tanh(BatchNorm(Linear(x, W), G, Bt, eps: 1e-3)))); }

[Learner] public partial class OpFlatten { [Param(18, 2)] public Tensor W = null!;
    [Loss] public Tensor Loss([Shape("n", 2, 3, 3)] Tensor x) => Sum(Square(Tanh(Linear(Flatten(x), W)))); }
