using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>A regression net whose loss is shaped by meta-parameters: a learned per-feature input gate and a learned loss scale.</summary>
[Learner]
public partial class WeightedLossLearner
{
    [Param(2, 5)] public Tensor W1 = null!;
    [Param(5)] public Tensor B1 = null!;
    [Param(5, 1)] public Tensor W2 = null!;
    [MetaParam(2)] public Tensor Gate = null!;
    [MetaParam(1)] public Tensor LogScale = null!;

    [Forward]
    public Tensor Predict([Shape("n", 2)] Tensor x) => Linear(Tanh(Linear(x * Sigmoid(Gate), W1, B1)), W2);

    [Loss]
    public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mean(Square(Predict(x) - y) * Exp(LogScale));
}
