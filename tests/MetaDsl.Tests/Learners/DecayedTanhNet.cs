using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>A non-convex net with one learned decay per weight, for hypergradients through unrolled training.</summary>
[Learner]
public partial class DecayedTanhNet
{
    [Param(3, 6)] public Tensor W1 = null!;
    [Param(6)] public Tensor B1 = null!;
    [Param(6, 1)] public Tensor W2 = null!;
    [MetaParam(3, 6, Init = Init.Constant, Value = -3)] public Tensor LogDecay1 = null!;
    [MetaParam(6, 1, Init = Init.Constant, Value = -3)] public Tensor LogDecay2 = null!;

    [Forward]
    public Tensor Predict([Shape("n", 3)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2);

    [Loss]
    public Tensor Regularized([Shape("n", 3)] Tensor x, [Shape("n", 1)] Tensor y) =>
        Mse(Predict(x), y) + Sum(Exp(LogDecay1) * Square(W1)) + Sum(Exp(LogDecay2) * Square(W2));

    [MetaLoss]
    public Tensor Validation([Shape("n", 3)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
