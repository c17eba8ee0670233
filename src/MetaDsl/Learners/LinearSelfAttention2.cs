using static MetaDsl.Ops;
using static MetaDsl.Learners.RegressionTokens;

namespace MetaDsl.Learners;

/// <summary>
/// Two layers of linear self-attention over in-context regression tokens, each with its own weights:
/// <see cref="LinearSelfAttention1"/> repeated (see there for the update and the layout). With every
/// layer set to the one-step construction it performs two steps of gradient descent from w = 0, since each
/// layer leaves the context tokens' y-slots holding the residuals y_i − ŵᵀx_i.
/// </summary>
[Learner]
public partial class LinearSelfAttention2
{
    private const int Layers = 2;

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
