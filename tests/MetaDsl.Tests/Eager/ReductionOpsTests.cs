using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class ReductionOpsTests
{
    // x[i, j, k] = 12 i + 4 j + k
    private static readonly Tensor X = Iota(2, 3, 4);

    [Fact]
    public void Sum_All_IsRankZero()
    {
        var s = Sum(X);
        Assert.Equal(0, s.Rank);
        Assert.Equal(23 * 24 / 2, s.Item());
    }

    [Fact]
    public void Mean_All() => Assert.Equal(11.5, Mean(X).Item());

    [Fact]
    public void Sum_Axis0()
    {
        var expected = new double[12];
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                expected[j * 4 + k] = (4 * j + k) + (12 + 4 * j + k);
        Close(Sum(X, 0), [3, 4], expected);
        Close(Mean(X, 0), [3, 4], expected.Select(v => v / 2).ToArray());
    }

    [Fact]
    public void Sum_AxisMinus1()
    {
        // row (i, j) sums 4 (12 i + 4 j) + 0 + 1 + 2 + 3
        Close(Sum(X, -1), [2, 3], [6, 22, 38, 54, 70, 86]);
        Close(Mean(X, -1), [2, 3], [1.5, 5.5, 9.5, 13.5, 17.5, 21.5]);
        Close(Sum(X, 2), Sum(X, -1));
    }

    [Fact]
    public void Sum_MiddleAxis()
    {
        // (i, k) sums 3 (12 i + k) + 4 (0 + 1 + 2)
        Close(Sum(X, 1), [2, 4], [12, 15, 18, 21, 48, 51, 54, 57]);
        Close(Mean(X, -2), [2, 4], [4, 5, 6, 7, 16, 17, 18, 19]);
    }

    [Fact]
    public void Sum_OfVectorOverAxisIsRankZero() =>
        Close(Sum(new Tensor([1, 2, 3], 3), 0), [], [6]);

    [Fact]
    public void Axis_OutOfRange_NamesOpAxisAndShape()
    {
        Throws(() => Sum(X, 3), "Sum", "3", "[2, 3, 4]");
        Throws(() => Mean(X, -4), "Mean", "-4", "[2, 3, 4]");
        Throws(() => Sum(Tensor.Scalar(1), 0), "Sum", "[]");
    }

    [Fact]
    public void Mse_ByHand()
    {
        var p = new Tensor([1, 2, 3, 4], 2, 2);
        var t = new Tensor([1, 0, 3, 1], 2, 2);
        var m = Mse(p, t);
        Assert.Equal(0, m.Rank);
        Assert.Equal((0 + 4 + 0 + 9) / 4.0, m.Item(), 12);
        Close(Mean(Square(Sub(p, t))), m);
    }

    [Fact]
    public void Mse_RequiresEqualShapes() =>
        Throws(() => Mse(Iota(4, 1), Iota(4)), "Mse", "[4, 1]", "[4]");
}
