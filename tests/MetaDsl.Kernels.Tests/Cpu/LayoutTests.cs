namespace MetaDsl.Kernels.Tests.Cpu;

public class LayoutTests
{
    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 17 })]
    [InlineData(new[] { 33, 65 })]
    [InlineData(new[] { 1, 130 })]
    [InlineData(new[] { 3, 7, 17 })]
    [InlineData(new[] { 2, 3, 5, 7 })]
    [InlineData(new[] { 3, 1, 33, 17 })]
    [InlineData(new[] { 2, 3, 1, 4, 5 })]
    [InlineData(new[] { 2, 3, 2, 1, 3, 4 })]
    public void EveryPermutationMatchesReference(int[] shape)
    {
        var src = Numbers.Random<float>(shape.Aggregate(1, (x, y) => x * y), shape.Length);
        foreach (var perm in Permutations(shape.Length))
        {
            var dst = new float[src.Length];
            Layout.Transpose<float>(src, dst, shape, perm);
            Assert.Equal(Reference(src, shape, perm), dst);
        }
    }

    [Fact]
    public void TheScalarFormIsTheSpanFormOfThePaddedShape()
    {
        int[] shape = [3, 7, 17];
        var src = Numbers.Random<float>(3 * 7 * 17, 5);
        foreach (var perm in Permutations(3))
        {
            var dst = new float[src.Length];
            Layout.Transpose<float>(src, dst, 1, 1, 1, shape[0], shape[1], shape[2], 0, 1, 2, perm[0] + 3, perm[1] + 3, perm[2] + 3);
            Assert.Equal(Reference(src, shape, perm), dst);
        }
    }

    [Fact]
    public void SwappingTheLastTwoAxesOfDoublesMatchesReference()
    {
        int[] shape = [2, 3, 33, 130];
        var src = Numbers.Random<double>(2 * 3 * 33 * 130, 1);
        var dst = new double[src.Length];
        Layout.Transpose<double>(src, dst, shape, [0, 1, 3, 2]);
        Assert.Equal(Reference(src, shape, [0, 1, 3, 2]), dst);
    }

    [Fact]
    public void AxesThatStayNeighboursMoveAsOne()
    {
        // [a, b, c] to [c, a, b] is the matrix transpose of [a·b, c]; [a, b, c, d] to [c, d, a, b] that of [a·b, c·d].
        int[] shape = [4, 5, 33, 3];
        var src = Numbers.Random<double>(4 * 5 * 33 * 3, 2);
        foreach (int[] perm in new[] { new[] { 2, 3, 0, 1 }, new[] { 3, 0, 1, 2 }, new[] { 0, 2, 3, 1 } })
        {
            var dst = new double[src.Length];
            Layout.Transpose<double>(src, dst, shape, perm);
            Assert.Equal(Reference(src, shape, perm), dst);
        }
    }

    [Fact]
    public void InvalidPermutationsAreRejected()
    {
        var data = new float[6];
        Assert.Throws<ArgumentException>(() => Layout.Transpose<float>(data, data.ToArray(), [2, 3], [0, 0]));
        Assert.Throws<ArgumentException>(() => Layout.Transpose<float>(data, data.ToArray(), [2, 3], [0, 2]));
        Assert.Throws<ArgumentException>(() => Layout.Transpose<float>(data, data.ToArray(), [2, 3], [1]));
        Assert.Throws<ArgumentException>(() => Layout.Transpose<float>(data, new float[5], [2, 3], [1, 0]));
        Assert.Throws<ArgumentException>(() => Layout.Transpose<float>(data, data.ToArray(), [1, 1, 1, 1, 1, 2, 3], [0, 1, 2, 3, 4, 6, 5]));
    }

    private static T[] Reference<T>(T[] src, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var strides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= shape[d], d--)
        {
            strides[d] = s;
        }
        var dst = new T[src.Length];
        var index = new int[rank];
        for (int flat = 0; flat < dst.Length; flat++)
        {
            // index is the destination index; axis d of dst is axis perm[d] of src.
            int source = 0;
            for (int d = 0; d < rank; d++)
            {
                source += index[d] * strides[perm[d]];
            }
            dst[flat] = src[source];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[perm[d]])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        return dst;
    }

    private static IEnumerable<int[]> Permutations(int rank)
    {
        if (rank == 1)
        {
            yield return [0];
            yield break;
        }
        foreach (var rest in Permutations(rank - 1))
        {
            for (int at = 0; at < rank; at++)
            {
                var perm = new int[rank];
                for (int d = 0, r = 0; d < rank; d++)
                {
                    perm[d] = d == at ? rank - 1 : rest[r++];
                }
                yield return perm;
            }
        }
    }
}
