using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// One pre-norm transformer block over sequences of 3 tokens (causal self-attention, then a GELU
/// MLP, each with a residual), read out at the last token. The layer-norm scale and shift are
/// meta-parameters, so the mixed product runs through LayerNorm, CausalMask, Softmax, Gelu and Slice.
/// </summary>
[Learner]
public partial class TinyTransformer
{
    [Param(4, 4)] public Tensor Wq = null!;
    [Param(4, 4)] public Tensor Wk = null!;
    [Param(4, 4)] public Tensor Wv = null!;
    [Param(4, 8)] public Tensor W1 = null!;
    [Param(8, 4)] public Tensor W2 = null!;
    [MetaParam(4)] public Tensor Gamma = null!;
    [MetaParam(4)] public Tensor Beta = null!;

    [Forward]
    public Tensor Block([Shape("n", 3, 4)] Tensor x)
    {
        var h = LayerNorm(x, Gamma, Beta);
        var scores = MatMul(MatMul(h, Wq), Transpose(MatMul(h, Wk))) * 0.5;
        var attended = x + MatMul(Softmax(CausalMask(scores)), MatMul(h, Wv));
        return attended + MatMul(Gelu(MatMul(LayerNorm(attended, Gamma, Beta), W1)), W2);
    }

    [Loss]
    public Tensor Loss([Shape("n", 3, 4)] Tensor x, [Shape("n", 4)] Tensor y) => Mse(Reshape(Slice(Block(x), 1, 2, 1), -1, 4), y);
}
