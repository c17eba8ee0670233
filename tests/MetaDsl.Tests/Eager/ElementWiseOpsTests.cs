using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class ElementWiseOpsTests
{
    [Fact]
    public void Add_EqualShapes() =>
        Close(Add(new Tensor([1, 2, 3, 4], 2, 2), new Tensor([10, 20, 30, 40], 2, 2)), [2, 2], [11, 22, 33, 44]);

    [Fact]
    public void Add_BroadcastsBiasOverRows() =>
        Close(Add(Iota(2, 3), new Tensor([10, 20, 30], 3)), [2, 3], [10, 21, 32, 13, 24, 35]);

    [Fact]
    public void Add_SuffixOnTheLeftGivesTheLongerShape() =>
        Close(Add(new Tensor([10, 20, 30], 3), Iota(2, 3)), [2, 3], [10, 21, 32, 13, 24, 35]);

    [Fact]
    public void Mul_BroadcastsTrailingMatrixOverRank3()
    {
        var a = Iota(2, 2, 2);
        var b = new Tensor([1, 10, 100, 1000], 2, 2);
        Close(Mul(a, b), [2, 2, 2], [0, 10, 200, 3000, 4, 50, 600, 7000]);
    }

    [Fact]
    public void Sub_ScalarTensorOnEitherSide()
    {
        Close(Sub(Iota(2, 2), Tensor.Scalar(1)), [2, 2], [-1, 0, 1, 2]);
        Close(Sub(Tensor.Scalar(1), Iota(2, 2)), [2, 2], [1, 0, -1, -2]);
    }

    [Fact]
    public void Div_SingleElementTensorActsAsScalar()
    {
        Close(Div(Iota(3), new Tensor([2], 1, 1)), [3], [0, 0.5, 1]);
        Close(Div(new Tensor([6], 1, 1), new Tensor([1, 2, 3], 3)), [3], [6, 3, 2]);
    }

    [Fact]
    public void DoubleOverloads()
    {
        var x = new Tensor([1, 2, 4], 3);
        Close(Add(x, 1.0), [3], [2, 3, 5]);
        Close(Add(1.0, x), [3], [2, 3, 5]);
        Close(Sub(x, 1.0), [3], [0, 1, 3]);
        Close(Sub(1.0, x), [3], [0, -1, -3]);
        Close(Mul(x, 2.0), [3], [2, 4, 8]);
        Close(Mul(2.0, x), [3], [2, 4, 8]);
        Close(Div(x, 2.0), [3], [0.5, 1, 2]);
        Close(Div(2.0, x), [3], [2, 1, 0.5]);
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void Binary_ShapeErrorNamesOpAndBothShapes(string op)
    {
        Func<Tensor, Tensor, Tensor> f = op switch
        {
            "Add" => Add, "Sub" => Sub, "Mul" => Mul, _ => Div,
        };
        Throws(() => f(Iota(3, 4), Iota(5)), $"{op}: shapes [3, 4] and [5] do not broadcast");
        Throws(() => f(Iota(2, 3), Iota(3, 3)), op, "[2, 3]", "[3, 3]");
        // a leading-dim match is not a suffix
        Throws(() => f(Iota(2, 3), Iota(2)), op, "[2, 3]", "[2]");
    }

    [Fact]
    public void Unary()
    {
        var x = new Tensor([-2, 0, 0.5, 3], 2, 2);
        Close(Neg(x), [2, 2], [2, 0, -0.5, -3]);
        Close(Relu(x), [2, 2], [0, 0, 0.5, 3]);
        Close(Square(x), [2, 2], [4, 0, 0.25, 9]);
        Close(Tanh(x), [2, 2], [Math.Tanh(-2), 0, Math.Tanh(0.5), Math.Tanh(3)]);
        Close(Exp(x), [2, 2], [Math.Exp(-2), 1, Math.Exp(0.5), Math.Exp(3)]);
        Close(Sigmoid(x), [2, 2], [1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-0.5)), 1 / (1 + Math.Exp(-3))]);
        Close(Log(new Tensor([1, Math.E, 0.5], 3)), [3], [0, 1, Math.Log(0.5)]);
    }

    [Fact]
    public void Sigmoid_IsFiniteForLargeInputs()
    {
        var s = Sigmoid(new Tensor([-1000, 1000], 2));
        Assert.Equal(0.0, s.Data[0]);
        Assert.Equal(1.0, s.Data[1]);
    }

    [Fact]
    public void Ops_DoNotWriteToInputs()
    {
        var x = new Tensor([1, 2, 3], 3);
        _ = Relu(Neg(x));
        _ = Add(x, x);
        Assert.Equal([1.0, 2, 3], x.Data);
    }
}
