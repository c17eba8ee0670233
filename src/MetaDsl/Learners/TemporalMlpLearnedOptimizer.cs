using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// The temporally-aware variant of <see cref="MlpLearnedOptimizer"/> (as in "Discovering Temporally-Aware
/// Reinforcement Learning Algorithms"): its shared <c>time</c> row has one more entry, the fraction of the
/// training horizon done. Every parameter of a target is one row of <c>features</c> (see
/// <see cref="LearnedOptimizers.OptimizerFeatures"/>); two hidden layers of 32 map it to a direction and a
/// log-magnitude. All parameters of the target go through at once, as one batch.
/// </summary>
[Learner]
public partial class TemporalMlpLearnedOptimizer
{
    /// <summary>First layer weights of the per-parameter features, bounded as Kaiming's for the whole layer's 19 inputs.</summary>
    [Param(9, 32, Init = Init.Uniform, Value = 0.5619514869490163)] public Tensor W1 = null!;
    /// <summary>First layer weights of the step's embeddings and the fraction done, bounded as <see cref="W1"/>.</summary>
    [Param(10, 32, Init = Init.Uniform, Value = 0.5619514869490163)] public Tensor W1Time = null!;
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
    public Tensor Predict([Shape("n", 9)] Tensor features, [Shape(1, 10)] Tensor time)
    {
        var h = Relu(Linear(features, W1, Linear(time, W1Time, B1)));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>Squared error to given steps: imitation of a hand-written optimizer, a common warm start.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 9)] Tensor features, [Shape(1, 10)] Tensor time, [Shape("n", 2)] Tensor steps) => Mse(Predict(features, time), steps);
}
