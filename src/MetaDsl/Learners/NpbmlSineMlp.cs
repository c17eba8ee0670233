using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// NPBML's procedural biases (Raymond et al., 2024) on <see cref="SineMlp"/>'s 1-40-40-1 ReLU regressor: each hidden layer
/// is FiLM-modulated by the batch it sees ((1 + tanh γ)·z + β, with γ and β a linear map of the layer input's mean over the
/// points; weights and FiLM adapted) and followed by a warp layer of [MetaParam]s (a residual linear map, the identity at
/// initialization, with a FiLM of its own) that the inner loop does not adapt, so it preconditions the adapted layers'
/// gradients. The inner loop descends the squared error plus a learned loss, a 3-3-3-1 network of [MetaParam]s over
/// (prediction, target, squared error) with a smooth leaky-ReLU output, averaged over the points; the task is judged by
/// the squared error alone, its [MetaLoss]. The widths, the smooth leaky ReLU (leak 0.25, smoothness 5) and the
/// N(0, 0.01) initializers are the authors' code's. <c>metadsl train sine --learner npbml --algorithm npbml</c>
/// meta-trains all of it jointly.
/// </summary>
[Learner]
public partial class NpbmlSineMlp
{
    private const int Hidden = 40;

    /// <summary>First layer weights.</summary>
    [Param(1, Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W1 = null!;
    /// <summary>First layer bias.</summary>
    [Param(Hidden)] public Tensor B1 = null!;
    /// <summary>First layer's FiLM, from the input's mean to (γ, β).</summary>
    [Param(1, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor F1 = null!;
    /// <summary>Its bias.</summary>
    [Param(2 * Hidden)] public Tensor Fb1 = null!;
    /// <summary>First warp layer (residual, so zeros are the identity).</summary>
    [MetaParam(Hidden, Hidden, Init = Init.Zeros)] public Tensor V1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(Hidden)] public Tensor Vb1 = null!;
    /// <summary>First warp layer's FiLM.</summary>
    [MetaParam(Hidden, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor G1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(2 * Hidden)] public Tensor Gb1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(Hidden, Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(Hidden)] public Tensor B2 = null!;
    /// <summary>Second layer's FiLM.</summary>
    [Param(Hidden, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor F2 = null!;
    /// <summary>Its bias.</summary>
    [Param(2 * Hidden)] public Tensor Fb2 = null!;
    /// <summary>Second warp layer.</summary>
    [MetaParam(Hidden, Hidden, Init = Init.Zeros)] public Tensor V2 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(Hidden)] public Tensor Vb2 = null!;
    /// <summary>Second warp layer's FiLM.</summary>
    [MetaParam(Hidden, 2 * Hidden, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor G2 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(2 * Hidden)] public Tensor Gb2 = null!;
    /// <summary>Output weights.</summary>
    [Param(Hidden, 1, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W3 = null!;
    /// <summary>Output bias.</summary>
    [Param(1)] public Tensor B3 = null!;
    /// <summary>The learned loss's first layer, over (prediction, target, squared error).</summary>
    [MetaParam(3, 3, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L1 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(3)] public Tensor Lb1 = null!;
    /// <summary>Its second layer.</summary>
    [MetaParam(3, 3, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L2 = null!;
    /// <summary>Its bias.</summary>
    [MetaParam(3)] public Tensor Lb2 = null!;
    /// <summary>Its output layer.</summary>
    [MetaParam(3, 1, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor L3 = null!;
    /// <summary>Its output bias.</summary>
    [MetaParam(1)] public Tensor Lb3 = null!;

    /// <summary>The regressor's prediction for each row of <paramref name="x"/> (the FiLMs read the whole batch).</summary>
    [Forward(Model = true)]
    public Tensor Predict([Shape("n", 1)] Tensor x)
    {
        var h = Relu(Film(Linear(x, W1, B1), Linear(Mean(x, 0, keepDims: true), F1, Fb1)));
        h = Film(h + Linear(h, V1, Vb1), Linear(Mean(h, 0, keepDims: true), G1, Gb1));
        var g = Relu(Film(Linear(h, W2, B2), Linear(Mean(h, 0, keepDims: true), F2, Fb2)));
        g = Film(g + Linear(g, V2, Vb2), Linear(Mean(g, 0, keepDims: true), G2, Gb2));
        return Linear(g, W3, B3);
    }

    /// <summary>
    /// Feature-wise linear modulation: (1 + tanh γ)·z + β, with γ and β the two halves of <paramref name="gammaBeta"/>. The
    /// authors scale by 1 + γ; bounding the scale keeps the inner loop, which adapts the FiLM and the weights it multiplies,
    /// from running away on rare tasks (with 1 + γ, float meta-training overflowed within a few hundred meta-steps).
    /// </summary>
    [Forward]
    public Tensor Film([Shape("n", Hidden)] Tensor z, [Shape(1, 2 * Hidden)] Tensor gammaBeta)
        => (1 + Tanh(Slice(gammaBeta, 1, 0, Hidden))) * z + Slice(gammaBeta, 1, Hidden, Hidden);

    /// <summary>What the inner loop descends: the squared error plus the learned loss.</summary>
    [Loss]
    public Tensor Learned([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y)
    {
        var p = Predict(x);
        var e = (p - y) * (p - y);
        var h = Relu(Linear(Concat(1, p, y, e), L1, Lb1));
        h = Relu(Linear(h, L2, Lb2));
        var o = Linear(h, L3, Lb3);
        return Mean(e) + Mean(0.25 * o + 0.15 * Softplus(5 * o));
    }

    /// <summary>The task's objective: mean squared error.</summary>
    [MetaLoss]
    public Tensor Task([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
