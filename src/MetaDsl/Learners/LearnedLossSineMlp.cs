using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// ML³'s sinusoid setting (Bechtle et al., 2021): <see cref="SineMlp"/>'s 1-40-40-1 ReLU regressor and initializer, whose inner loop
/// descends a learned loss: a 2-32-32-1 ReLU network of [MetaParam]s over (prediction, target) with a softplus output,
/// averaged over the points; the task is judged by the plain squared error, its [MetaLoss].
/// <c>metadsl train sine --learner learned-loss</c> meta-trains it by <c>--algorithm ml3</c> (the loss alone, models from
/// fresh initializations) or <c>maml</c> (the loss and the initialization together).
/// </summary>
[Learner]
public partial class LearnedLossSineMlp
{
    /// <summary>First layer weights.</summary>
    [Param(1, 40, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W1 = null!;
    /// <summary>First layer bias.</summary>
    [Param(40)] public Tensor B1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(40, 40, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(40)] public Tensor B2 = null!;
    /// <summary>Output weights.</summary>
    [Param(40, 1, Init = Init.TruncatedNormal, Value = 0.01)] public Tensor W3 = null!;
    /// <summary>Output bias.</summary>
    [Param(1)] public Tensor B3 = null!;
    /// <summary>The loss network's first layer, over (prediction, target).</summary>
    [MetaParam(2, 32)] public Tensor L1 = null!;
    /// <summary>Its first bias.</summary>
    [MetaParam(32)] public Tensor Lb1 = null!;
    /// <summary>Its second layer.</summary>
    [MetaParam(32, 32)] public Tensor L2 = null!;
    /// <summary>Its second bias.</summary>
    [MetaParam(32)] public Tensor Lb2 = null!;
    /// <summary>Its output layer.</summary>
    [MetaParam(32, 1)] public Tensor L3 = null!;
    /// <summary>Its output bias.</summary>
    [MetaParam(1)] public Tensor Lb3 = null!;

    /// <summary>The regressor's prediction for each row of <paramref name="x"/>.</summary>
    [Forward]
    public Tensor Predict([Shape("n", 1)] Tensor x)
    {
        var h = Relu(Linear(x, W1, B1));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>The learned loss: the loss network's softplus output per point, averaged.</summary>
    [Loss]
    public Tensor Learned([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y)
    {
        var h = Relu(Linear(Concat(1, Predict(x), y), L1, Lb1));
        h = Relu(Linear(h, L2, Lb2));
        return Mean(Softplus(Linear(h, L3, Lb3)));
    }

    /// <summary>The task's objective: mean squared error.</summary>
    [MetaLoss]
    public Tensor Task([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
