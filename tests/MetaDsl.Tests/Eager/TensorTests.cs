using MetaDsl;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class TensorTests
{
    [Fact]
    public void Constructor_WrapsDataAndKeepsShape()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        var t = new Tensor(data, 2, 3);
        Assert.Same(data, t.Data);
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(2, t.Rank);
        Assert.Equal(6, t.Length);
    }

    [Fact]
    public void Constructor_RejectsWrongLength() =>
        Throws(() => new Tensor(new double[5], 2, 3), "[2, 3]", "6", "5");

    [Fact]
    public void Constructor_RejectsRankAboveFour() =>
        Throws(() => new Tensor(new double[1], 1, 1, 1, 1, 1, 1, 1), "rank 7", "[1, 1, 1, 1, 1, 1, 1]");

    [Fact]
    public void Constructor_RejectsNegativeDim() =>
        Throws(() => new Tensor(new double[0], 2, -1), "[2, -1]");

    [Fact]
    public void Scalar_IsRankZero()
    {
        var s = Tensor.Scalar(2.5);
        Assert.Equal(0, s.Rank);
        Assert.Empty(s.Shape);
        Assert.Equal(1, s.Length);
        Assert.Equal(2.5, s.Item());
        Assert.Equal(2.5, s[Array.Empty<int>()]);
    }

    [Fact]
    public void Indexer_IsRowMajor()
    {
        var t = Iota(2, 3, 4);
        Assert.Equal(0, t[0, 0, 0]);
        Assert.Equal(7, t[0, 1, 3]);
        Assert.Equal(1 * 12 + 2 * 4 + 1, t[1, 2, 1]);
    }

    [Fact]
    public void Indexer_OutOfRange_NamesIndexAndShape()
    {
        var t = Iota(2, 3);
        Throws(() => _ = t[1, 3], "[1, 3]", "[2, 3]");
        Throws(() => _ = t[-1, 0], "[-1, 0]", "[2, 3]");
        Throws(() => _ = t[new[] { 1 }], "[1]", "[2, 3]");
    }

    [Fact]
    public void IndexingOneInt_GivesThatPositionOfAxis0()
    {
        var t = Iota(2, 3, 4);
        var layer = t[1];
        Assert.Equal([3, 4], layer.Shape);
        Assert.Equal(t[1, 2, 3], layer[2, 3]);
        Assert.Equal(0, t[1][2][3].Rank);
        Assert.Equal(t[1, 2, 3], t[1][2][3].Item());
    }

    [Fact]
    public void IndexingOneInt_OutsideAxis0OrOnAScalar_Throws()
    {
        Throws(() => _ = Iota(2, 3)[2], "index 2", "[2, 3]");
        Throws(() => _ = Iota(2, 3)[-1], "index -1", "[2, 3]");
        Assert.Throws<InvalidOperationException>(() => Tensor.Scalar(1)[0]);
    }

    [Fact]
    public void Item_RequiresOneValue()
    {
        Assert.Equal(4.0, new Tensor([4.0], 1, 1).Item());
        var ex = Assert.Throws<InvalidOperationException>(() => Iota(2).Item());
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void ToString_ShowsShapeAndSmallValues()
    {
        Assert.Equal("Tensor[2, 2] [[1, 2], [3, 4]]", new Tensor([1, 2, 3, 4], 2, 2).ToString());
        Assert.Equal("Tensor[] 0.5", Tensor.Scalar(0.5).ToString());
        Assert.Equal("Tensor[100, 100]", new Tensor(new double[10000], 100, 100).ToString());
    }

    [Fact]
    public void Operators_AgreeWithOps()
    {
        var a = new Tensor([1, -2, 3, 4, 5, -6], 2, 3);
        var b = new Tensor([0.5, 2, -1], 3);
        Close(Ops.Add(a, b), a + b);
        Close(Ops.Sub(a, b), a - b);
        Close(Ops.Mul(a, b), a * b);
        Close(Ops.Div(a, b), a / b);
        Close(Ops.Add(a, 2.0), a + 2.0);
        Close(Ops.Add(2.0, a), 2.0 + a);
        Close(Ops.Sub(a, 2.0), a - 2.0);
        Close(Ops.Sub(2.0, a), 2.0 - a);
        Close(Ops.Mul(a, 3.0), a * 3.0);
        Close(Ops.Mul(3.0, a), 3.0 * a);
        Close(Ops.Div(a, 4.0), a / 4.0);
        Close(Ops.Div(4.0, a), 4.0 / a);
        Close(Ops.Neg(a), -a);
        Close(a - 2.0, [2, 3], [-1, -4, 1, 2, 3, -8]);
        Close(2.0 - a, [2, 3], [1, 4, -1, -2, -3, 8]);
        Close(-a, [2, 3], [-1, 2, -3, -4, -5, 6]);
    }

    [Fact]
    public void Operators_ReportShapeErrors() =>
        Throws(() => _ = Iota(3, 4) + Iota(5), "Add", "[3, 4]", "[5]");
}
