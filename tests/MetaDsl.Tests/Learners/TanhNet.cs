using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>A 3-layer tanh net: a helper [Forward] method applied in a constant-bound loop.</summary>
[Learner]
public partial class TanhNet
{
    [Param(2, 8)] public Tensor W1 = null!;
    [Param(8)] public Tensor B1 = null!;
    [Param(8, 8)] public Tensor W2 = null!;
    [Param(8)] public Tensor B2 = null!;
    [Param(8, 1)] public Tensor W3 = null!;
    [Param(1)] public Tensor B3 = null!;

    [Forward(Model = true)]
    public Tensor Predict([Shape("n", 2)] Tensor x)
    {
        var h = Tanh(Linear(x, W1, B1));
        for (int i = 0; i < 2; i++)
            h = Hidden(h);
        return Linear(h, W3, B3);
    }

    [Forward]
    public Tensor Hidden([Shape("n", 8)] Tensor h) => Tanh(Linear(h, W2, B2));

    [Loss]
    public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
