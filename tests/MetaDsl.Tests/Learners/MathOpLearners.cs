using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// One learner per element-wise math op, as in OpLearners: each loss is a nonlinear function of the
// op's result. Arguments of Sqrt, Rsqrt and fractional powers are kept positive by 2 + tanh(·).

[Learner] public partial class OpSqrt { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Tanh(Sqrt(2.0 + Tanh(x * P)) * x)); }

[Learner] public partial class OpRsqrt { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Rsqrt(2.0 + Tanh(x * P)) * x); }

[Learner] public partial class OpAbs { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Abs(x * P + P))) + Sum(Abs(x) * P); }

[Learner] public partial class OpSinCos { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Sin(x * P) * Cos(x + P)); }

[Learner] public partial class OpPow { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x)
        => Sum(Pow(2.0 + Tanh(x * P), 2.5)) + Sum(Pow(x * P, 3) * 0.1) + Sum(Pow(2.0 + Tanh(x + P), -1.5)); }

[Learner] public partial class OpSoftplus { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Softplus(x * P))) + Sum(Softplus(x * P * 30.0) * x); }

[Learner] public partial class OpLeakyRelu { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(LeakyRelu(x * P + P, 0.2))) + Sum(Square(LeakyRelu(x * P)) * x); }

[Learner] public partial class OpClamp { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Clamp(x * P, -0.5, 0.8))) + Sum(Clamp(x + P, -1.0, 1.0) * Tanh(x * P)); }

[Learner] public partial class OpGelu { [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x) => Sum(Square(Gelu(x * P))) + Sum(Gelu(x * P * 3.0) * x); }
