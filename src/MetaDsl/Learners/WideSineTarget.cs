using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// A 1-160-160-1 ReLU regressor: <see cref="SineTarget"/> four times wider, the held-out width a learned optimizer meta-trained on <see cref="SineTarget"/> is tested on.
/// </summary>
[Learner]
public partial class WideSineTarget
{
    /// <summary>First layer weights.</summary>
    [Param(1, 160)] public Tensor W1 = null!;
    /// <summary>First layer bias.</summary>
    [Param(160)] public Tensor B1 = null!;
    /// <summary>Second layer weights.</summary>
    [Param(160, 160)] public Tensor W2 = null!;
    /// <summary>Second layer bias.</summary>
    [Param(160)] public Tensor B2 = null!;
    /// <summary>Output weights.</summary>
    [Param(160, 1)] public Tensor W3 = null!;
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
