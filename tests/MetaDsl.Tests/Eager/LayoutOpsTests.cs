using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class LayoutOpsTests
{
    [Fact]
    public void Reshape_KeepsRowMajorOrderAndCopies()
    {
        var x = Iota(2, 3);
        var r = Reshape(x, 3, 2);
        Close(r, [3, 2], [0, 1, 2, 3, 4, 5]);
        Assert.NotSame(x.Data, r.Data);
    }

    [Fact]
    public void Reshape_InfersOneMinusOne()
    {
        Assert.Equal([4, 6], Reshape(Iota(2, 3, 4), -1, 6).Shape);
        Assert.Equal([2, 12], Reshape(Iota(2, 3, 4), 2, -1).Shape);
        Assert.Equal([24], Reshape(Iota(2, 3, 4), -1).Shape);
        Assert.Equal([], Reshape(Iota(1, 1), []).Shape);
    }

    [Fact]
    public void Reshape_Errors()
    {
        Throws(() => Reshape(Iota(2, 3), 4, 2), "Reshape", "[2, 3]", "[4, 2]");
        Throws(() => Reshape(Iota(2, 3), -1, -1), "Reshape", "[2, 3]", "[-1, -1]");
        Throws(() => Reshape(Iota(2, 3), 4, -1), "Reshape", "[2, 3]", "[4, -1]");
        Throws(() => Reshape(Iota(2, 3), 2, -3), "Reshape", "[2, -3]");
        Throws(() => Reshape(Iota(2, 3), 1, 1, 1, 1, 1, 2, 3), "Reshape", "[1, 1, 1, 1, 1, 2, 3]");
    }

    [Fact]
    public void Transpose_Matrix()
    {
        var x = new Tensor([1, 2, 3, 4, 5, 6], 2, 3);
        Close(Transpose(x), [3, 2], [1, 4, 2, 5, 3, 6]);
        Close(x, Transpose(Transpose(x)));
    }

    [Fact]
    public void Transpose_SwapsLastTwoOfRank3()
    {
        var x = Iota(2, 2, 3);
        Close(Transpose(x), [2, 3, 2], [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]);
        Close(Transpose(x, 0, 2, 1), Transpose(x));
    }

    [Fact]
    public void Transpose_PermutationOnRank3()
    {
        var x = Iota(2, 3, 4); // x[i, j, k] = 12 i + 4 j + k
        var t = Transpose(x, 2, 0, 1); // t[k, i, j] = x[i, j, k]
        Assert.Equal([4, 2, 3], t.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(x[i, j, k], t[k, i, j]);
        Close(t, [4, 2, 3], [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23]);
        Close(x, Transpose(t, 1, 2, 0)); // the inverse permutation
        Close(x, Transpose(x, 0, 1, 2));
    }

    [Fact]
    public void Transpose_Errors()
    {
        Throws(() => Transpose(Iota(3)), "Transpose", "[3]");
        Throws(() => Transpose(Iota(2, 3, 4), 0, 1), "Transpose", "[0, 1]", "[2, 3, 4]");
        Throws(() => Transpose(Iota(2, 3, 4), 0, 1, 1), "Transpose", "[0, 1, 1]", "[2, 3, 4]");
        Throws(() => Transpose(Iota(2, 3, 4), 0, 1, 3), "Transpose", "[0, 1, 3]");
    }

    [Fact]
    public void SineMlpBodyRunsEagerly()
    {
        // the DESIGN.md example body, with tiny hand-set weights: 1 -> 2 -> 1
        var x = new Tensor([-1, 2], 2, 1);
        var w1 = new Tensor([1, -1], 1, 2);
        var b1 = new Tensor([0.5, 0.5], 2);
        var w2 = new Tensor([2, 3], 2, 1);
        var b2 = new Tensor([1], 1);
        var h = Relu(Linear(x, w1, b1)); // x=-1: [0, 1.5]; x=2: [2.5, 0]
        var y = Linear(h, w2, b2);       // [5.5, 6]
        Close(y, [2, 1], [5.5, 6]);
        Assert.Equal(((5.5 - 5) * (5.5 - 5) + 0) / 2, Mse(y, new Tensor([5, 6], 2, 1)).Item(), 12);
    }
}
