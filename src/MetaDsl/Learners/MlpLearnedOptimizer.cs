using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// The per-parameter MLP optimizer of learned_optimization (Metz et al.): every parameter of a target
/// is one row of <c>features</c> (see <see cref="LearnedOptimizers.OptimizerFeatures"/>), two hidden
/// layers of 32 map it to a direction and a log-magnitude. All parameters of the target go through
/// at once, as one batch.
/// </summary>
[Learner]
public partial class MlpLearnedOptimizer
{
    /// <summary>First layer weights.</summary>
    [Param(18, 32)] public Tensor W1 = null!;
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
    public Tensor Predict([Shape("n", 18)] Tensor features)
    {
        var h = Relu(Linear(features, W1, B1));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>Squared error to given steps: imitation of a hand-written optimizer, a common warm start.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 18)] Tensor features, [Shape("n", 2)] Tensor steps) => Mse(Predict(features), steps);
}
