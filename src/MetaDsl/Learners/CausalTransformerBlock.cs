using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// One pre-norm transformer block the size of a small in-context model, the benchmark of a model beyond
/// linear attention: a batch of <see cref="Sequence"/>-token sequences of width <see cref="Width"/> goes
/// LayerNorm → single-head causal softmax self-attention → residual → LayerNorm → GELU MLP (4× wide) →
/// residual, and the loss is the mean squared error of every output token against a target.
/// </summary>
[Learner]
public partial class CausalTransformerBlock
{
    /// <summary>Tokens per sequence.</summary>
    public const int Sequence = 32;

    /// <summary>Values per token (the model width).</summary>
    public const int Width = 64;

    /// <summary>The MLP's hidden width.</summary>
    public const int Hidden = 4 * Width;

    /// <summary>The first layer norm's scale.</summary>
    [Param(Width, Init = Init.Constant, Value = 1)] public Tensor Gamma1 = null!;
    /// <summary>The first layer norm's shift.</summary>
    [Param(Width, Init = Init.Zeros)] public Tensor Beta1 = null!;
    /// <summary>The query projection [in, out].</summary>
    [Param(Width, Width)] public Tensor Wq = null!;
    /// <summary>The key projection.</summary>
    [Param(Width, Width)] public Tensor Wk = null!;
    /// <summary>The value projection.</summary>
    [Param(Width, Width)] public Tensor Wv = null!;
    /// <summary>The output projection.</summary>
    [Param(Width, Width)] public Tensor Wo = null!;
    /// <summary>The second layer norm's scale.</summary>
    [Param(Width, Init = Init.Constant, Value = 1)] public Tensor Gamma2 = null!;
    /// <summary>The second layer norm's shift.</summary>
    [Param(Width, Init = Init.Zeros)] public Tensor Beta2 = null!;
    /// <summary>The MLP's first layer.</summary>
    [Param(Width, Hidden)] public Tensor W1 = null!;
    /// <summary>Its bias.</summary>
    [Param(Hidden, Init = Init.Zeros)] public Tensor B1 = null!;
    /// <summary>The MLP's second layer.</summary>
    [Param(Hidden, Width)] public Tensor W2 = null!;
    /// <summary>Its bias.</summary>
    [Param(Width, Init = Init.Zeros)] public Tensor B2 = null!;

    /// <summary>The block's output [b, t, d].</summary>
    [Forward]
    public Tensor Block([Shape("b", Sequence, Width)] Tensor x)
    {
        var h = LayerNorm(x, Gamma1, Beta1);
        // Scaled before the mask: the mask's −∞ must not meet a parameter-dependent factor.
        var scores = MatMul(Linear(h, Wq), Transpose(Linear(h, Wk))) * (1.0 / 8.0);
        var attended = x + Linear(MatMul(Softmax(CausalMask(scores)), Linear(h, Wv)), Wo);
        return attended + Linear(Gelu(Linear(LayerNorm(attended, Gamma2, Beta2), W1, B1)), W2, B2);
    }

    /// <summary>Mean squared error of every output token against <paramref name="y"/>.</summary>
    [Loss]
    public Tensor Loss([Shape("b", Sequence, Width)] Tensor x, [Shape("b", Sequence, Width)] Tensor y) => Mse(Block(x), y);
}
