namespace MetaDsl.Kernels.Tests.Cpu;

public class ReductionsTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 3, 1, 17 }, { 3, 17, 1 }, { 7, 3, 33 }, { 2, 65, 3 }, { 1, 130, 7 }, { 5, 0, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SumAxisAndExpandAxisMatchReference(int outer, int mid, int inner)
    {
        var src = Numbers.Random<float>(outer * mid * inner, outer + mid + inner);
        var sums = new double[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int m = 0; m < mid; m++)
            {
                for (int i = 0; i < inner; i++)
                {
                    sums[o * inner + i] += src[(o * mid + m) * inner + i];
                }
            }
        }
        var dst = Numbers.Random<float>(outer * inner, 9);
        Reductions.SumAxis<float>(src, dst, outer, mid, inner);
        Numbers.Close<float>(sums, dst, Numbers.Tolerance<float>(mid), "SumAxis");

        var small = Numbers.Random<double>(outer * inner, 3);
        var expanded = new double[outer * mid * inner];
        Reductions.ExpandAxis<double>(small, expanded, outer, mid, inner);
        for (int o = 0; o < outer; o++)
        {
            for (int m = 0; m < mid; m++)
            {
                for (int i = 0; i < inner; i++)
                {
                    Assert.Equal(small[o * inner + i], expanded[(o * mid + m) * inner + i]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(130, 1)]
    [InlineData(130, 65)]
    [InlineData(130, 130)]
    [InlineData(99, 33)]
    public void SumToAndBroadcastToAreAdjoint(int length, int target)
    {
        var src = Numbers.Random<double>(length, length);
        var expected = new double[target];
        for (int i = 0; i < length; i++)
        {
            expected[i % target] += src[i];
        }
        var dst = new double[target];
        Reductions.SumTo<double>(src, dst);
        Numbers.Close<double>(expected, dst, Numbers.Tolerance<double>(length), "SumTo");

        var broadcast = new float[length];
        var small = Numbers.Random<float>(target, 5);
        Reductions.BroadcastTo<float>(small, broadcast);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(small[i % target], broadcast[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(130)]
    public void SumAddsEveryValue(int length)
    {
        var src = Numbers.Random<float>(length, length);
        var dst = new float[1];
        Reductions.Sum<float>(src, dst);
        Numbers.Close<float>([Numbers.ToDouble<float>(src).Sum()], dst, Numbers.Tolerance<float>(length), "Sum");
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Reductions.SumAxis<float>(new float[12], new float[4], 2, 3, 3));
        Assert.Throws<ArgumentException>(() => Reductions.SumTo<float>(new float[12], new float[5]));
        Assert.Throws<ArgumentException>(() => Reductions.BroadcastTo<float>(new float[5], new float[12]));
    }
}
