using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// ML³ (Bechtle et al., 2021) on classification: <see cref="GaussianClassifier"/>'s 2-32-5 tanh classifier and initializer,
/// whose inner loop descends a learned loss, a 10-32-1 ReLU network of [MetaParam]s over (log-probabilities, one-hot
/// target) with a softplus output, averaged over the points; the task is judged by cross-entropy, its [MetaLoss].
/// <c>metadsl train gaussian --learner learned-loss</c> meta-trains it by <c>--algorithm ml3</c> (the loss alone, models
/// from fresh initializations) or <c>maml</c> (the loss and the initialization together).
/// </summary>
[Learner]
public partial class LearnedLossGaussianClassifier
{
    private const int Classes = 5;

    /// <summary>Hidden layer weights.</summary>
    [Param(2, 32)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(32)] public Tensor B1 = null!;
    /// <summary>Output weights.</summary>
    [Param(32, Classes)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(Classes)] public Tensor B2 = null!;
    /// <summary>The loss network's first layer, over (log-probabilities, one-hot target).</summary>
    [MetaParam(2 * Classes, 32)] public Tensor L1 = null!;
    /// <summary>Its first bias.</summary>
    [MetaParam(32)] public Tensor Lb1 = null!;
    /// <summary>Its output layer.</summary>
    [MetaParam(32, 1)] public Tensor L2 = null!;
    /// <summary>Its output bias.</summary>
    [MetaParam(1)] public Tensor Lb2 = null!;

    /// <summary>Class logits for each point.</summary>
    [Forward]
    public Tensor Logits([Shape("n", 2)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2, B2);

    /// <summary>The learned loss: the loss network's softplus output per point, averaged.</summary>
    [Loss]
    public Tensor Learned([Shape("n", 2)] Tensor x, [Shape("n")] Tensor labels)
    {
        var h = Relu(Linear(Concat(1, LogSoftmax(Logits(x)), OneHot(labels, Classes)), L1, Lb1));
        return Mean(Softplus(Linear(h, L2, Lb2)));
    }

    /// <summary>The task's objective: softmax cross-entropy against the class indices.</summary>
    [MetaLoss]
    public Tensor Task([Shape("n", 2)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
