using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// The per-parameter MLP optimizer of learned_optimization (Metz et al.): every parameter of a target
/// is one row of <c>features</c>, and the step's tanh embeddings are one row of <c>time</c> that every
/// parameter shares (see <see cref="LearnedOptimizers.OptimizerFeatures"/>); two hidden layers of 32 map
/// them to a direction and a log-magnitude. All parameters of the target go through at once, as one batch.
/// </summary>
/// <remarks>
/// The first layer is learned_optimization's one layer over all 18 inputs, its weights split in two:
/// the shared row's product with <see cref="W1Time"/> is computed once per step and becomes a bias,
/// instead of being repeated for every parameter.
/// </remarks>
[Learner]
public partial class MlpLearnedOptimizer
{
    /// <summary>First layer weights of the per-parameter features, bounded as Kaiming's for the whole layer's 18 inputs.</summary>
    [Param(9, 32, Init = Init.Uniform, Value = 0.5773502691896257)] public Tensor W1 = null!;
    /// <summary>First layer weights of the step's embeddings, bounded as <see cref="W1"/>.</summary>
    [Param(9, 32, Init = Init.Uniform, Value = 0.5773502691896257)] public Tensor W1Time = null!;
    /// <summary>First layer bias.</summary>
    [Param(32)] public Tensor B1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(32, 32)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(32)] public Tensor B2 = null!;
    /// <summary>Output weights, small so that a fresh optimizer barely moves its target.</summary>
    [Param(32, 2, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W3 = null!;
    /// <summary>Output bias.</summary>
    [Param(2)] public Tensor B3 = null!;

    /// <summary>Direction (column 0) and log-magnitude (column 1) of each parameter's step.</summary>
    [Forward]
    public Tensor Predict([Shape("n", 9)] Tensor features, [Shape(1, 9)] Tensor time)
    {
        var h = Relu(Linear(features, W1, Linear(time, W1Time, B1)));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>Squared error to given steps: imitation of a hand-written optimizer, a common warm start.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 9)] Tensor features, [Shape(1, 9)] Tensor time, [Shape("n", 2)] Tensor steps) => Mse(Predict(features, time), steps);
}
