using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// Max and Min, keep-dim reductions and size-1 broadcasting, one learner each as in OpLearners.

[Learner] public partial class OpMax { [Param(3, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x)
        => Sum(Square(Max(x * P, 1))) + Square(Max(Tanh(x * P))) + Sum(Tanh(Max(x * P, -1, keepDims: true) * x)); }

[Learner] public partial class OpMin { [Param(3, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x)
        => Sum(Square(Min(x * P, 0))) + Square(Min(x + P)) + Sum(Min(Tanh(x * P), 2, keepDims: true) * P); }

[Learner] public partial class OpKeepDims { [Param(3, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x)
        => Sum(Square(x * P - Mean(x * P, -1, keepDims: true))) + Sum(Tanh(Sum(x * P, 1, keepDims: true) * x)); }

[Learner] public partial class OpSizeOneBroadcast { [Param(3, 1)] public Tensor A = null!; [Param(1, 4)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x, [Shape("n", 1, 4)] Tensor y)
        => Sum(Square(Tanh(x * A + B))) + Sum(Square(A * B)) + Sum(Tanh(y - A) * x) + Sum(Square(B / (2.0 + Square(A)))); }
