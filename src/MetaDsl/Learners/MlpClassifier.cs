using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// A two-hidden-layer ReLU classifier for flattened 28×28 images and 5-way tasks (Omniglot-style
/// N-way K-shot), trained with softmax cross-entropy on class-index labels.
/// </summary>
[Learner]
public partial class MlpClassifier
{
    /// <summary>First layer weights.</summary>
    [Param(784, 128)] public Tensor W1 = null!;
    /// <summary>First layer bias.</summary>
    [Param(128)] public Tensor B1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(128, 64)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(64)] public Tensor B2 = null!;
    /// <summary>Output weights (5 classes).</summary>
    [Param(64, 5)] public Tensor W3 = null!;
    /// <summary>Output bias.</summary>
    [Param(5)] public Tensor B3 = null!;

    /// <summary>Class logits for each image row.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 784)] Tensor x)
    {
        var h = Relu(Linear(x, W1, B1));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>Softmax cross-entropy against class indices.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 784)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
