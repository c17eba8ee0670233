using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>Linear regression on 3 features with a bias: its proximal inner problem has a closed-form solution.</summary>
[Learner]
public partial class RidgeRegression
{
    [Param(3, 1)] public Tensor W = null!;
    [Param(1)] public Tensor B = null!;

    [Loss]
    public Tensor Loss([Shape("n", 3)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Linear(x, W, B), y);
}
