using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>A one-hidden-layer tanh classifier with softmax cross-entropy (4 features, 3 classes).</summary>
[Learner]
public partial class SoftmaxClassifier
{
    [Param(4, 6)] public Tensor W1 = null!;
    [Param(6)] public Tensor B1 = null!;
    [Param(6, 3)] public Tensor W2 = null!;
    [Param(3)] public Tensor B2 = null!;

    [Forward]
    public Tensor Logits([Shape("n", 4)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2, B2);

    [Loss]
    public Tensor Loss([Shape("n", 4)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
