using static MetaDsl.Ops;
using static MetaDsl.Learners.RegressionTokens;

namespace MetaDsl.Learners;

/// <summary>
/// One layer of linear self-attention (LSA) over in-context regression tokens, the model of von Oswald
/// et al. (2023), "Transformers learn in-context by gradient descent". Every token e_j (a row of
/// <c>tokens</c> [b, 11, 11], laid out as in <see cref="RegressionTokens"/>) is updated by
/// e_j ← e_j + W_PV · (1/N) Σ_i e_i e_iᵀ · W_KQ · e_j, the sum over the N context tokens only (no softmax,
/// no mask), and the prediction is minus the query token's y-slot. With W_KQ = [[I, 0], [0, 0]] and
/// W_PV = [[0, 0], [0, -η]] this is one step of gradient descent from w = 0 on the context's squared loss.
/// </summary>
/// <remarks>
/// The weights are stacked [layers, 11, 11] so that <see cref="LinearSelfAttention2"/> and
/// <see cref="LinearSelfAttention3"/> differ from this class only in <c>Layers</c>: the generator reads a
/// learner's own members, so each depth is its own class.
/// </remarks>
[Learner]
public partial class LinearSelfAttention1
{
    private const int Layers = 1;

    /// <summary>W_KQ = W_Kᵀ W_Q of each layer [layers, 11, 11], acting on a token as a column vector.</summary>
    [Param(Layers, Width, Width, Init = Init.TruncatedNormal, Value = 0.02)] public Tensor Wkq = null!;
    /// <summary>W_PV = P W_V of each layer [layers, 11, 11].</summary>
    [Param(Layers, Width, Width, Init = Init.TruncatedNormal, Value = 0.02)] public Tensor Wpv = null!;

    /// <summary>Reads a support set of 10 examples (x [10, 10], y [10, 1]) as its context tokens: <see cref="Embedding.Adapter{TLearner, T}"/> adapts it with no gradient step.</summary>
    public static Embedding.IContextLayout ContextLayout => RegressionContext.Instance;

    /// <summary>The prediction ŷ [b, 1] at each task's query: minus its y-slot after the last layer.</summary>
    [Forward]
    public Tensor Predict([Shape("b", Count, Width)] Tensor tokens)
    {
        var e = tokens;
        for (int l = 0; l < Layers; l++)
        {
            var context = Slice(e, 1, 0, Context);
            var covariance = MatMul(Transpose(context), context) * (1.0 / Context);
            // Tokens are rows here, so W · e_j becomes e_jᵀ · Wᵀ.
            var keyQuery = Transpose(Wkq[l]);
            var projectValue = Transpose(Wpv[l]);
            e = e + MatMul(MatMul(MatMul(e, keyQuery), covariance), projectValue);
        }
        return -Reshape(Slice(Slice(e, 1, Query, 1), 2, Target, 1), -1, 1);
    }

    /// <summary>Mean squared error of the query predictions against the query targets <paramref name="y"/> [b, 1].</summary>
    [Loss]
    public Tensor Loss([Shape("b", Count, Width)] Tensor tokens, [Shape("b", 1)] Tensor y) => Mse(Predict(tokens), y);
}
