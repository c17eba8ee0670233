using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// ML³'s shape in miniature: the inner loop descends a learned loss (a [MetaParam] network over the
/// residual), while the task is judged by its [MetaLoss], the plain squared error.
/// </summary>
[Learner]
public partial class LearnedLossRegressor
{
    [Param(2, 4)] public Tensor W1 = null!;
    [Param(4)] public Tensor B1 = null!;
    [Param(4, 1)] public Tensor W2 = null!;
    [MetaParam(1, 3)] public Tensor P = null!;
    [MetaParam(3)] public Tensor Q = null!;
    [MetaParam(3, 1)] public Tensor R = null!;

    [Forward]
    public Tensor Predict([Shape("n", 2)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2);

    [Loss]
    public Tensor LearnedLoss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mean(Square(Linear(Tanh(Linear(Predict(x) - y, P, Q)), R)));

    [MetaLoss]
    public Tensor TaskLoss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
