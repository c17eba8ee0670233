using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// A 1-40-40-1 ReLU regressor with Kaiming-uniform weights, trained from scratch on one sinusoid: the target a learned optimizer is meta-trained on (<c>metadsl train lopt --target sine</c>). <see cref="SineMlp"/> has the same layers but MAML's small initializer, made for a meta-learned start.
/// </summary>
[Learner]
public partial class SineTarget
{
    /// <summary>First layer weights.</summary>
    [Param(1, 40)] public Tensor W1 = null!;
    /// <summary>First layer bias.</summary>
    [Param(40)] public Tensor B1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(40, 40)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(40)] public Tensor B2 = null!;
    /// <summary>Output weights.</summary>
    [Param(40, 1)] public Tensor W3 = null!;
    /// <summary>Output bias.</summary>
    [Param(1)] public Tensor B3 = null!;

    /// <summary>The network's prediction for each row of <paramref name="x"/>.</summary>
    [Forward]
    public Tensor Predict([Shape("n", 1)] Tensor x)
    {
        var h = Relu(Linear(x, W1, B1));
        h = Relu(Linear(h, W2, B2));
        return Linear(h, W3, B3);
    }

    /// <summary>Mean squared error of the prediction.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
