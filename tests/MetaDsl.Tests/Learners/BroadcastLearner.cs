using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>Broadcasting of vectors over rows and of single values over everything, with Div, Exp, Log and Sigmoid.</summary>
[Learner]
public partial class BroadcastLearner
{
    [Param(3)] public Tensor Scale = null!;
    [Param(3)] public Tensor Shift = null!;
    [Param(1)] public Tensor Temperature = null!;

    [Forward]
    public Tensor Score([Shape("n", 3)] Tensor x)
    {
        var z = Sigmoid(x * Scale + Shift) / Exp(Temperature);
        return Sum(Log(1.0 + Square(z)) - 0.5 * z, -1);
    }

    [Loss]
    public Tensor Loss([Shape("n", 3)] Tensor x, [Shape("n")] Tensor y) => Mean(Square(Score(x) - y));
}
