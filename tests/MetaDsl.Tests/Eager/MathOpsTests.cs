using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

/// <summary>The element-wise math ops against hand-worked values, and their argument checks.</summary>
public class MathOpsTests
{
    private static readonly Tensor Signed = new([-2, -0.5, 0, 0.5, 2], 5);

    [Fact]
    public void RootsOfSquares()
    {
        Close(Sqrt(new Tensor([0, 1, 4, 9], 2, 2)), [2, 2], [0, 1, 2, 3]);
        Close(Rsqrt(new Tensor([1, 4, 16, 0.25], 4)), [4], [1, 0.5, 0.25, 2]);
        Assert.True(double.IsNaN(Sqrt(Tensor.Scalar(-1)).Item()));
    }

    [Fact]
    public void AbsSinAndCos()
    {
        Close(Abs(Signed), [5], [2, 0.5, 0, 0.5, 2]);
        Close(Sin(new Tensor([0, Math.PI / 2, Math.PI / 6], 3)), [3], [0, 1, 0.5], 1e-15);
        Close(Cos(new Tensor([0, Math.PI, Math.PI / 3], 3)), [3], [1, -1, 0.5], 1e-15);
    }

    [Fact]
    public void PowTakesNegativeBasesToIntegerExponents()
    {
        Close(Pow(Signed, 3), [5], [-8, -0.125, 0, 0.125, 8]);
        Close(Pow(new Tensor([4, 0.25], 2), -0.5), [2], [0.5, 2]);
        Assert.True(double.IsNaN(Pow(Tensor.Scalar(-2), 0.5).Item()));
        Throws(() => Pow(Signed, double.NaN), "Pow", "finite");
    }

    [Fact]
    public void SoftplusIsStableAtBothEnds()
    {
        Close(Softplus(new Tensor([0, 800, -800, 1], 4)), [4], [Math.Log(2), 800, 0, Math.Log(1 + Math.E)], 1e-15);
    }

    [Fact]
    public void LeakyReluScalesTheNegativeSide()
    {
        Close(LeakyRelu(Signed, 0.1), [5], [-0.2, -0.05, 0, 0.5, 2]);
        Close(LeakyRelu(Signed), [5], [-0.02, -0.005, 0, 0.5, 2]);
        Throws(() => LeakyRelu(Signed, double.PositiveInfinity), "LeakyRelu", "finite");
    }

    [Fact]
    public void ClampHoldsBothBounds()
    {
        Close(Clamp(Signed, -1, 0.25), [5], [-1, -0.5, 0, 0.25, 0.25]);
        Throws(() => Clamp(Signed, 1, -1), "Clamp", "lo <= hi");
    }

    [Fact]
    public void GeluIsTheErfForm()
    {
        // x · Φ(x) with Φ(1) = 0.841344746068543, Φ(-1) = 1 - Φ(1).
        Close(Gelu(new Tensor([0, 1, -1], 3)), [3], [0, 0.8413447460685429, -0.15865525393145707], 1e-15);
    }
}

/// <summary>Max and Min, keep-dim reductions and size-1 broadcasting against hand-worked values.</summary>
public class ReductionAndBroadcastTests
{
    private static readonly Tensor Grid = new([3, -1, 4, 1, -5, 9], 2, 3);

    [Fact]
    public void MaxAndMinOverTheWholeTensorAndOneAxis()
    {
        Close(Max(Grid), [], [9]);
        Close(Min(Grid), [], [-5]);
        Close(Max(Grid, 0), [3], [3, -1, 9]);
        Close(Max(Grid, -1), [2], [4, 9]);
        Close(Min(Grid, 1), [2], [-1, -5]);
        Throws(() => Max(Grid, 2), "Max", "axis 2");
    }

    [Fact]
    public void KeepDimsLeavesTheAxisWithSizeOne()
    {
        Close(Sum(Grid, 1, keepDims: true), [2, 1], [6, 5]);
        Close(Mean(Grid, 0, keepDims: true), [1, 3], [2, -3, 6.5]);
        Close(Max(Grid, -1, keepDims: true), [2, 1], [4, 9]);
        Close(Min(Grid, 0, keepDims: true), [1, 3], [1, -5, 4]);
    }

    [Fact]
    public void SizeOneDimsBroadcastAsInNumPy()
    {
        // [2, 3] - [2, 1]: each row minus its own value; [3, 1] * [1, 2] is an outer product.
        Close(Sub(Grid, Max(Grid, 1, keepDims: true)), [2, 3], [-1, -5, 0, -8, -14, 0]);
        Close(Mul(new Tensor([1, 2, 3], 3, 1), new Tensor([10, 100], 1, 2)), [3, 2], [10, 100, 20, 200, 30, 300]);
        Close(Add(new Tensor([1, 2], 2, 1, 1), new Tensor([10, 20, 30], 3)), [2, 1, 3], [11, 21, 31, 12, 22, 32]);
        Throws(() => Add(Grid, new Tensor([1, 2], 2)), "Add: shapes [2, 3] and [2] do not broadcast");
    }
}

/// <summary>Layer norm and the causal mask against hand-worked values.</summary>
public class SequenceOpsTests
{
    [Fact]
    public void LayerNormNormalizesEachRowWithItsBiasedVariance()
    {
        // Row [1, 2, 3]: mean 2, variance 2/3; row [0, 0, 6]: mean 2, variance 8.
        var x = new Tensor([1, 2, 3, 0, 0, 6], 2, 3);
        var y = LayerNorm(x, new Tensor([1, 2, 1], 3), new Tensor([0, 0, 10], 3), eps: 1e-300);
        double a = 1 / Math.Sqrt(2.0 / 3), b = 1 / Math.Sqrt(8);
        Close(y, [2, 3], [-a, 0, 10 + a, -2 * b, -4 * b, 10 + 4 * b], 1e-14);
        Throws(() => LayerNorm(x, new Tensor([1, 2], 2), new Tensor([0, 0, 0], 3)), "LayerNorm", "[3]");
    }

    [Fact]
    public void CausalMaskHidesTheFuture()
    {
        var masked = CausalMask(new Tensor([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2));
        double inf = double.NegativeInfinity;
        Assert.Equal([1, inf, 3, 4, 5, inf, 7, 8], masked.Data);
        Close(Softmax(masked), [2, 2, 2], [1, 0, 1 / (1 + Math.E), Math.E / (1 + Math.E), 1, 0, 1 / (1 + Math.E), Math.E / (1 + Math.E)], 1e-15);
        Throws(() => CausalMask(new Tensor([1, 2, 3, 4, 5, 6], 2, 3)), "CausalMask", "[..., t, t]");
    }
}

/// <summary>Slice, Concat, Gather and OneHot against hand-worked values.</summary>
public class SlicingOpsTests
{
    [Fact]
    public void SliceKeepsARangeOfOneAxis()
    {
        Close(Slice(Iota(2, 4), 1, 1, 2), [2, 2], [1, 2, 5, 6]);
        Close(Slice(Iota(3, 2), 0, 2, 1), [1, 2], [4, 5]);
        Throws(() => Slice(Iota(2, 4), 1, 3, 2), "Slice", "positions 3 to 4");
    }

    [Fact]
    public void ConcatJoinsAlongOneAxis()
    {
        Close(Concat(1, Iota(2, 2), new Tensor([9, 8], 2, 1)), [2, 3], [0, 1, 9, 2, 3, 8]);
        Close(Concat(0, Iota(1, 2), Iota(2, 2)), [3, 2], [0, 1, 0, 1, 2, 3]);
        Throws(() => Concat(0, Iota(2, 2), Iota(2, 3)), "Concat", "differ off axis 0");
    }

    [Fact]
    public void GatherPicksTableRows()
    {
        var table = Iota(3, 2);
        Close(Gather(table, new Tensor([2, 0, 2, 1], 2, 2)), [2, 2, 2], [4, 5, 0, 1, 4, 5, 2, 3]);
        Throws(() => Gather(table, new Tensor([3], 1)), "Gather", "[0, 3)");
        Throws(() => Gather(table, new Tensor([0.5], 1)), "Gather", "0.5");
    }

    [Fact]
    public void OneHotMarksEachLabelsClass()
    {
        Close(OneHot(new Tensor([2, 0, 1, 2], 2, 2), 3), [2, 2, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
        Throws(() => OneHot(new Tensor([3], 1), 3), "OneHot", "[0, 3)");
        Throws(() => OneHot(new Tensor([1.5], 1), 3), "OneHot", "1.5");
        Throws(() => OneHot(new Tensor([0], 1), 0), "OneHot", "at least 1");
    }
}
