using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// Ridge regression with one learned decay per weight: the training loss is quadratic and strongly convex in the
/// adapted parameters, so the minimum is exact (one Newton step) and the implicit hypergradient can be checked
/// against finite differences of the validation loss at the minimum.
/// </summary>
[Learner]
public partial class DecayedRidge
{
    [Param(5, 1)] public Tensor W = null!;
    [Param(1)] public Tensor B = null!;
    [MetaParam(5, 1, Init = Init.Constant, Value = -2)] public Tensor LogDecay = null!;

    [Forward]
    public Tensor Predict([Shape("n", 5)] Tensor x) => Linear(x, W, B);

    [Loss]
    public Tensor Regularized([Shape("n", 5)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y) + Sum(Exp(LogDecay) * Square(W));

    [MetaLoss]
    public Tensor Validation([Shape("n", 5)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
