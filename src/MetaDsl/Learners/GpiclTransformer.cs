using static MetaDsl.Ops;
using static MetaDsl.Learners.GpiclTokens;

namespace MetaDsl.Learners;

/// <summary>
/// A small causal transformer for general-purpose in-context learning (Kirsch et al. 2022, "General-Purpose
/// In-Context Learning by Meta-Learning Transformers"): tokens (x_t, one-hot y_{t−1}) laid out as in
/// <see cref="GpiclTokens"/> are projected to <see cref="Model"/> dims and given a learned position embedding,
/// then pass <see cref="Layers"/> pre-norm blocks (single-head causal softmax self-attention, then a GELU MLP,
/// each with a residual), a final layer norm and a class head; the logits at position t predict y_t from
/// tokens 0..t only.
/// </summary>
/// <remarks>
/// The position embedding is what lets a layer attend to the previous token: the label of x_s arrives in
/// token s + 1, so matching a query against earlier images and reading their labels needs that shift.
/// </remarks>
[Learner]
public partial class GpiclTransformer
{
    private const int Layers = 2;

    /// <summary>The residual stream's width.</summary>
    public const int Model = 32;

    /// <summary>The MLP's hidden width.</summary>
    public const int Hidden = 4 * Model;

    // Scores are scaled before the mask (see CausalMask): 1/sqrt(Model).
    private const double ScoreScale = 0.17677669529663687;

    /// <summary>The token projection [74, d].</summary>
    [Param(Width, Model, Init = Init.Xavier)] public Tensor Embed = null!;
    /// <summary>The token projection's bias [d].</summary>
    [Param(Model)] public Tensor EmbedBias = null!;
    /// <summary>The learned position embedding [length, d].</summary>
    [Param(Length, Model, Init = Init.TruncatedNormal, Value = 0.02)] public Tensor Position = null!;
    /// <summary>Each block's first layer-norm scale [layers, d].</summary>
    [Param(Layers, Model, Init = Init.Constant, Value = 1)] public Tensor Norm1 = null!;
    /// <summary>Each block's first layer-norm shift [layers, d].</summary>
    [Param(Layers, Model)] public Tensor Shift1 = null!;
    /// <summary>Queries [layers, d, d].</summary>
    [Param(Layers, Model, Model, Init = Init.Xavier)] public Tensor Wq = null!;
    /// <summary>Keys [layers, d, d].</summary>
    [Param(Layers, Model, Model, Init = Init.Xavier)] public Tensor Wk = null!;
    /// <summary>Values [layers, d, d].</summary>
    [Param(Layers, Model, Model, Init = Init.Xavier)] public Tensor Wv = null!;
    /// <summary>The attention output [layers, d, d].</summary>
    [Param(Layers, Model, Model, Init = Init.Xavier)] public Tensor Wo = null!;
    /// <summary>Each block's second layer-norm scale [layers, d].</summary>
    [Param(Layers, Model, Init = Init.Constant, Value = 1)] public Tensor Norm2 = null!;
    /// <summary>Each block's second layer-norm shift [layers, d].</summary>
    [Param(Layers, Model)] public Tensor Shift2 = null!;
    /// <summary>The MLP's first layer [layers, d, hidden].</summary>
    [Param(Layers, Model, Hidden, Init = Init.Xavier)] public Tensor W1 = null!;
    /// <summary>The MLP's first bias [layers, hidden].</summary>
    [Param(Layers, Hidden)] public Tensor B1 = null!;
    /// <summary>The MLP's second layer [layers, hidden, d].</summary>
    [Param(Layers, Hidden, Model, Init = Init.Xavier)] public Tensor W2 = null!;
    /// <summary>The MLP's second bias [layers, d].</summary>
    [Param(Layers, Model)] public Tensor B2 = null!;
    /// <summary>The final layer-norm scale [d].</summary>
    [Param(Model, Init = Init.Constant, Value = 1)] public Tensor NormOut = null!;
    /// <summary>The final layer-norm shift [d].</summary>
    [Param(Model)] public Tensor ShiftOut = null!;
    /// <summary>The class head [d, 10].</summary>
    [Param(Model, Classes, Init = Init.Xavier)] public Tensor Head = null!;
    /// <summary>The class head's bias [10].</summary>
    [Param(Classes)] public Tensor HeadBias = null!;

    /// <summary>The class logits [b, length, 10] at every position of each sequence.</summary>
    [Forward]
    public Tensor Logits([Shape("b", Length, Width)] Tensor tokens)
    {
        var x = Linear(tokens, Embed, EmbedBias) + Position;
        for (int l = 0; l < Layers; l++)
        {
            var h = LayerNorm(x, Norm1[l], Shift1[l]);
            var q = MatMul(h, Wq[l]);
            var k = MatMul(h, Wk[l]);
            var v = MatMul(h, Wv[l]);
            var weights = Softmax(CausalMask(MatMul(q, Transpose(k)) * ScoreScale));
            x = x + MatMul(MatMul(weights, v), Wo[l]);
            h = LayerNorm(x, Norm2[l], Shift2[l]);
            var hidden = Gelu(Linear(h, W1[l], B1[l]));
            x = x + Linear(hidden, W2[l], B2[l]);
        }
        return Linear(LayerNorm(x, NormOut, ShiftOut), Head, HeadBias);
    }

    /// <summary>Mean cross-entropy over every position of every sequence against <paramref name="labels"/> [b, length] (class indices).</summary>
    [Loss]
    public Tensor Loss([Shape("b", Length, Width)] Tensor tokens, [Shape("b", Length)] Tensor labels) => SoftmaxCrossEntropy(Logits(tokens), labels);
}
