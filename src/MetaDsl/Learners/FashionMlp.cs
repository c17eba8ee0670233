using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// learned_optimization's small image task: a 64-32-10 ReLU classifier of Fashion-MNIST shrunk to 8×8, trained from scratch with softmax cross-entropy; the target a learned optimizer is meta-trained on (<c>metadsl train lopt --target fashion</c>).
/// </summary>
[Learner]
public partial class FashionMlp
{
    /// <summary>Hidden layer weights.</summary>
    [Param(64, 32)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(32)] public Tensor B1 = null!;
    /// <summary>Output weights (10 classes).</summary>
    [Param(32, 10)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(10)] public Tensor B2 = null!;

    /// <summary>Class logits for each flattened 8×8 image.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 64)] Tensor x) => Linear(Relu(Linear(x, W1, B1)), W2, B2);

    /// <summary>Softmax cross-entropy against class indices.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 64)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
