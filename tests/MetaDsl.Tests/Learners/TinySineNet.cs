using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>A 1-16-1 tanh regressor: a target small enough for a learned optimizer to be meta-trained on it inside a test.</summary>
[Learner]
public partial class TinySineNet
{
    [Param(1, 16)] public Tensor W1 = null!;
    [Param(16)] public Tensor B1 = null!;
    [Param(16, 1)] public Tensor W2 = null!;
    [Param(1)] public Tensor B2 = null!;

    [Forward]
    public Tensor Predict([Shape("n", 1)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2, B2);

    [Loss]
    public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
