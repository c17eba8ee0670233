using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// <see cref="FashionMlp"/>'s 64-32-10 classifier with one L2 weight decay per weight, 2,368 of them, as
/// <c>[MetaParam]</c>s: the training loss is cross-entropy plus Σ exp(d)·w², the validation loss cross-entropy
/// alone. The hyperparameter task of Lorraine et al. (2020) that <c>metadsl train hyper</c> tunes.
/// </summary>
[Learner]
public partial class DecayedFashionMlp
{
    /// <summary>Hidden layer weights.</summary>
    [Param(64, 32)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(32)] public Tensor B1 = null!;
    /// <summary>Output weights (10 classes).</summary>
    [Param(32, 10)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(10)] public Tensor B2 = null!;
    /// <summary>The log of each hidden weight's decay; exp(−8) ≈ 3.4e-4 to start.</summary>
    [MetaParam(64, 32, Init = Init.Constant, Value = -8)] public Tensor LogDecay1 = null!;
    /// <summary>The log of each output weight's decay.</summary>
    [MetaParam(32, 10, Init = Init.Constant, Value = -8)] public Tensor LogDecay2 = null!;

    /// <summary>Class logits for each flattened 8×8 image.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 64)] Tensor x) => Linear(Relu(Linear(x, W1, B1)), W2, B2);

    /// <summary>The training objective: cross-entropy plus each weight's decay.</summary>
    [Loss]
    public Tensor Regularized([Shape("n", 64)] Tensor x, [Shape("n")] Tensor labels) =>
        SoftmaxCrossEntropy(Logits(x), labels) + Sum(Exp(LogDecay1) * Square(W1)) + Sum(Exp(LogDecay2) * Square(W2));

    /// <summary>The validation objective: cross-entropy alone.</summary>
    [MetaLoss]
    public Tensor CrossEntropy([Shape("n", 64)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
