using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// NPBML's procedural biases (Raymond et al., 2024) on <see cref="GaussianClassifier"/>'s 2-32-5 tanh classifier: the hidden
/// layer is FiLM-modulated by the batch it sees and followed by a warp layer of [MetaParam]s (a residual linear map, the
/// identity at initialization, with a FiLM of its own) that the inner loop does not adapt; the inner loop descends the
/// cross-entropy plus a learned loss, an 11-11-11-1 network of [MetaParam]s over (logits, one-hot target, the point's
/// cross-entropy) with a smooth leaky-ReLU output, averaged over the points; the task is judged by the cross-entropy
/// alone, its [MetaLoss]. Widths and initializers are the authors' code's, as in <see cref="NpbmlSineMlp"/>.
/// <c>metadsl train gaussian --learner npbml --algorithm npbml</c> meta-trains all of it jointly.
/// </summary>
[Learner]
public partial class NpbmlGaussianClassifier
{
    private const int Hidden = 32, Classes = 5, LossWidth = 2 * Classes + 1;

    /// <summary>Hidden layer weights.</summary>
    [Param(2, Hidden)] public Tensor W1 = null!;
    /// <summary>Hidden layer bias.</summary>
    [Param(Hidden)] public Tensor B1 = null!;
    /// <summary>Hidden layer's FiLM, from the input's mean to (γ, β).</summary>
    [Param(2, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor F1 = null!;
    /// <summary>Its bias.</summary>
    [Param(2 * Hidden)] public Tensor Fb1 = null!;
    /// <summary>Warp layer (residual, so zeros are the identity).</summary>
    [MetaParam(Hidden, Hidden, Init = Init.Zeros)] public Tensor V1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(Hidden)] public Tensor Vb1 = null!;
    /// <summary>Warp layer's FiLM.</summary>
    [MetaParam(Hidden, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor G1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(2 * Hidden)] public Tensor Gb1 = null!;
    /// <summary>Output weights.</summary>
    [Param(Hidden, Classes)] public Tensor W2 = null!;
    /// <summary>Output bias.</summary>
    [Param(Classes)] public Tensor B2 = null!;
    /// <summary>The learned loss's first layer, over (logits, one-hot target, cross-entropy).</summary>
    [MetaParam(LossWidth, LossWidth, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(LossWidth)] public Tensor Lb1 = null!;
    /// <summary>Its second layer.</summary>
    [MetaParam(LossWidth, LossWidth, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L2 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(LossWidth)] public Tensor Lb2 = null!;
    /// <summary>Its output layer.</summary>
    [MetaParam(LossWidth, 1, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L3 = null!;
    /// <summary>Its output bias.</summary>
    [MetaParam(1)] public Tensor Lb3 = null!;

    /// <summary>Class logits for each point (the FiLMs read the whole batch).</summary>
    [Forward(Model = true)]
    public Tensor Logits([Shape("n", 2)] Tensor x)
    {
        var h = Tanh(Film(Linear(x, W1, B1), Linear(Mean(x, 0, keepDims: true), F1, Fb1)));
        h = Film(h + Linear(h, V1, Vb1), Linear(Mean(h, 0, keepDims: true), G1, Gb1));
        return Linear(h, W2, B2);
    }

    /// <summary>
    /// Feature-wise linear modulation: (1 + tanh γ)·z + β, with γ and β the two halves of <paramref name="gammaBeta"/>. The
    /// authors scale by 1 + γ; bounding the scale keeps the inner loop, which adapts the FiLM and the weights it multiplies,
    /// from running away on rare tasks (with 1 + γ, float meta-training overflowed within a few hundred meta-steps).
    /// </summary>
    [Forward]
    public Tensor Film([Shape("n", Hidden)] Tensor z, [Shape(1, 2 * Hidden)] Tensor gammaBeta)
        => (1 + Tanh(Slice(gammaBeta, 1, 0, Hidden))) * z + Slice(gammaBeta, 1, Hidden, Hidden);

    /// <summary>What the inner loop descends: the cross-entropy plus the learned loss.</summary>
    [Loss]
    public Tensor Learned([Shape("n", 2)] Tensor x, [Shape("n")] Tensor labels)
    {
        var logits = Logits(x);
        var target = OneHot(labels, Classes);
        var pointLoss = -Sum(LogSoftmax(logits) * target, 1, keepDims: true);
        var h = Relu(Linear(Concat(1, logits, target, pointLoss), L1, Lb1));
        h = Relu(Linear(h, L2, Lb2));
        var o = Linear(h, L3, Lb3);
        return Mean(pointLoss) + Mean(0.25 * o + 0.15 * Softplus(5 * o));
    }

    /// <summary>The task's objective: softmax cross-entropy against the class indices.</summary>
    [MetaLoss]
    public Tensor Task([Shape("n", 2)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
