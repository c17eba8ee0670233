namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>Slice, its adjoint Pad, and the causal mask.</summary>
public class SlicingTests
{
    [Fact]
    public void SliceKeepsTheRangeOfTheMiddleAxis()
    {
        // [2, 3, 2] sliced on the middle axis from 1, length 2.
        double[] src = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        var dst = new double[8];
        Slicing.Slice<double>(src, dst, 2, 3, 2, 1, 2);
        Assert.Equal([2, 3, 4, 5, 8, 9, 10, 11], dst);
    }

    [Fact]
    public void PadIsTheAdjointOfSlice()
    {
        // <Slice(x), g> = <x, Pad(g)> for every x and g.
        var x = Numbers.Random<double>(2 * 5 * 3, 1);
        var g = Numbers.Random<double>(2 * 2 * 3, 2);
        var sliced = new double[g.Length];
        var padded = new double[x.Length];
        Slicing.Slice<double>(x, sliced, 2, 5, 3, 2, 2);
        Slicing.Pad<double>(g, padded, 2, 5, 3, 2, 2);
        Assert.Equal(sliced.Zip(g, (a, b) => a * b).Sum(), x.Zip(padded, (a, b) => a * b).Sum(), 1e-12);
        Assert.Equal(0.0, padded[0]);
    }

    [Fact]
    public void ARangePastTheAxisIsRefused()
        => Assert.Throws<ArgumentException>(() => Slicing.Slice<double>(new double[6], new double[4], 1, 3, 2, 2, 2));

    [Fact]
    public void CausalMaskFillsAboveTheDiagonalOfEachMatrix()
    {
        double[] src = [1, 2, 3, 4, 5, 6, 7, 8];
        var dst = new double[8];
        Masks.CausalMask<double>(src, dst, 2, -1);
        Assert.Equal([1, -1, 3, 4, 5, -1, 7, 8], dst);
        Assert.Throws<ArgumentException>(() => Masks.CausalMask<double>(new double[6], new double[6], 2, 0));
    }
}
