using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// A 64-128-10 ReLU classifier of 8×8 Fashion-MNIST: <see cref="FashionMlp"/> four times wider, the held-out width a learned optimizer meta-trained on <see cref="FashionMlp"/> is tested on.
/// </summary>
[Learner]
public partial class WideFashionMlp
{
    /// <summary>Hidden layer weights.</summary>
    [Param(64, 128)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(128)] public Tensor B1 = null!;
    /// <summary>Output weights (10 classes).</summary>
    [Param(128, 10)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(10)] public Tensor B2 = null!;

    /// <summary>Class logits for each flattened 8×8 image.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 64)] Tensor x) => Linear(Relu(Linear(x, W1, B1)), W2, B2);

    /// <summary>Softmax cross-entropy against class indices.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 64)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
