using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// Layer norm and a causal attention head, one learner each as in OpLearners.

[Learner] public partial class OpLayerNorm { [Param(4)] public Tensor P = null!; [Param(4)] public Tensor G = null!; [Param(4)] public Tensor Bt = null!;
    [Loss] public Tensor Loss([Shape("n", 3, 4)] Tensor x)
        => Sum(Tanh(LayerNorm(x * P, G, Bt)) * x) + Sum(Square(LayerNorm(Tanh(x + P), G, Bt, eps: 1e-3))); }

/// <summary>One causal self-attention head over sequences of 3 tokens: masked scores, softmax, values.</summary>
[Learner] public partial class OpCausalAttention
{
    [Param(4, 4)] public Tensor Wq = null!; [Param(4, 4)] public Tensor Wk = null!; [Param(4, 4)] public Tensor Wv = null!;

    [Forward]
    public Tensor Attend([Shape("n", 3, 4)] Tensor x)
    {
        var scores = MatMul(MatMul(x, Wq), Transpose(MatMul(x, Wk))) * 0.5;
        var weights = Softmax(CausalMask(scores));
        return MatMul(weights, MatMul(x, Wv)) + Sum(Square(weights), -1, keepDims: true);
    }

    [Loss]
    public Tensor Loss([Shape("n", 3, 4)] Tensor x) => Sum(Square(Tanh(Attend(x))));
}

/// <summary>Scores that are parameters themselves, so each masked score is one entry of theta.</summary>
[Learner] public partial class MaskedScores { [Param(3, 3)] public Tensor S = null!;
    [Loss] public Tensor Loss([Shape(2, 3, 3)] Tensor x) => Sum(Square(Softmax(CausalMask(S + x))) * x); }
