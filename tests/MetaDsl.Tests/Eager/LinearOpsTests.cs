using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class LinearOpsTests
{
    [Fact]
    public void MatMul_2x3_By_3x2_ByHand()
    {
        var a = new Tensor([1, 2, 3, 4, 5, 6], 2, 3);
        var b = new Tensor([7, 8, 9, 10, 11, 12], 3, 2);
        // [1 2 3]·[7 9 11]ᵀ = 58, [1 2 3]·[8 10 12]ᵀ = 64, [4 5 6]·[7 9 11]ᵀ = 139, [4 5 6]·[8 10 12]ᵀ = 154
        Close(MatMul(a, b), [2, 2], [58, 64, 139, 154]);
    }

    [Fact]
    public void MatMul_BatchedWithSharedRightOperand()
    {
        var a = new Tensor([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var b = new Tensor([1, 0, 0, 2], 2, 2); // scales column 1 by 2
        Close(MatMul(a, b), [2, 2, 2], [1, 4, 3, 8, 5, 12, 7, 16]);
    }

    [Fact]
    public void MatMul_BatchedWithSameBatchDims()
    {
        var a = new Tensor([1, 2, 3, 4], 2, 1, 2);        // [[1 2]], [[3 4]]
        var b = new Tensor([1, 1, 10, 100], 2, 2, 1);     // [[1],[1]], [[10],[100]]
        Close(MatMul(a, b), [2, 1, 1], [3, 430]);
    }

    [Fact]
    public void MatMul_Rank4()
    {
        var a = Iota(2, 3, 2, 2);
        var id = new Tensor([1, 0, 0, 1], 2, 2);
        Close(a, MatMul(a, id));
    }

    [Fact]
    public void MatMul_Errors()
    {
        Throws(() => MatMul(Iota(2, 3), Iota(4, 2)), "MatMul", "[2, 3]", "[4, 2]");
        Throws(() => MatMul(Iota(3), Iota(3, 2)), "MatMul", "[3]", "[3, 2]");
        Throws(() => MatMul(Iota(2, 2, 3), Iota(3, 2, 3, 2)), "MatMul", "[2, 2, 3]", "[3, 2, 3, 2]");
        Throws(() => MatMul(Iota(2, 2, 3), Iota(4, 3, 2)), "MatMul", "[2, 2, 3]", "[4, 3, 2]");
    }

    [Fact]
    public void Linear_IsMatMulPlusBias()
    {
        var x = new Tensor([1, 2, 3, 4, 5, 6], 2, 3);
        var w = new Tensor([7, 8, 9, 10, 11, 12], 3, 2);
        var b = new Tensor([0.5, -1], 2);
        Close(Linear(x, w), [2, 2], [58, 64, 139, 154]);
        Close(Linear(x, w, b), [2, 2], [58.5, 63, 139.5, 153]);
        Close(Add(MatMul(x, w), b), Linear(x, w, b));
    }

    [Fact]
    public void Linear_AcceptsVectorAndBatchedInputs()
    {
        var w = new Tensor([1, 2, 3, 4, 5, 6], 2, 3);
        Close(Linear(new Tensor([1, 1], 2), w), [3], [5, 7, 9]);
        var x = Iota(2, 2, 2);
        Close(MatMul(x, w), Linear(x, w));
    }

    [Fact]
    public void Linear_Errors()
    {
        Throws(() => Linear(Iota(2, 3), Iota(4, 2)), "Linear", "[2, 3]", "[4, 2]");
        Throws(() => Linear(Iota(2, 3), Iota(3, 2), Iota(3)), "Linear", "[3]", "[2, 2]");
        Throws(() => Linear(Iota(2, 3), Iota(3, 2), Iota(3, 2, 2)), "Linear", "[3, 2, 2]");
    }
}
