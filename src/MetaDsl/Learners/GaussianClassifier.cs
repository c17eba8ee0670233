using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>A small tanh classifier for 5-way tasks over 2-D Gaussian clusters.</summary>
[Learner]
public partial class GaussianClassifier
{
    /// <summary>Hidden layer weights.</summary>
    [Param(2, 32)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(32)] public Tensor B1 = null!;
    /// <summary>Output weights.</summary>
    [Param(32, 5)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(5)] public Tensor B2 = null!;

    /// <summary>Class logits for each point.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 2)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2, B2);

    /// <summary>Softmax cross-entropy against class indices.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
