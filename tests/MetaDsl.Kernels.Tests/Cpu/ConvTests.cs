namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>Im2Col against a direct loop, Col2Im as its exact adjoint, and the argmax routing kernels.</summary>
public class ConvTests
{
    [Theory]
    [InlineData(2, 3, 6, 6, 3, 3, 1, 1)]
    [InlineData(1, 2, 7, 5, 3, 2, 2, 1)]
    [InlineData(2, 1, 5, 5, 2, 2, 2, 0)]
    [InlineData(1, 1, 4, 4, 3, 3, 3, 2)]
    [InlineData(1, 2, 28, 28, 3, 3, 1, 1)]
    public void Im2ColMatchesDirectIndexing(int n, int c, int h, int w, int kh, int kw, int stride, int padding)
    {
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        var src = Numbers.Random<float>(n * c * h * w, 3);
        var dst = Numbers.Random<float>(n * c * kh * kw * oh * ow, 4);
        Conv.Im2Col<float>(src, dst, n, c, h, w, kh, kw, stride, padding);
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int u = 0; u < kh; u++)
                    for (int v = 0; v < kw; v++)
                        for (int r = 0; r < oh; r++)
                            for (int q = 0; q < ow; q++)
                            {
                                int y = r * stride - padding + u, x = q * stride - padding + v;
                                float expected = y < 0 || y >= h || x < 0 || x >= w ? 0 : src[((i * c + ch) * h + y) * w + x];
                                Assert.Equal(expected, dst[(((i * c + ch) * kh + u) * kw + v) * oh * ow + r * ow + q]);
                            }
    }

    [Theory]
    [InlineData(2, 3, 6, 6, 3, 3, 1, 1)]
    [InlineData(1, 2, 7, 5, 3, 2, 2, 1)]
    [InlineData(1, 1, 4, 4, 3, 3, 3, 2)]
    public void Col2ImIsTheAdjointOfIm2Col(int n, int c, int h, int w, int kh, int kw, int stride, int padding)
    {
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        int imageLength = n * c * h * w, columnsLength = n * c * kh * kw * oh * ow;
        var x = Numbers.Random<double>(imageLength, 5);
        var g = Numbers.Random<double>(columnsLength, 6);
        var cols = new double[columnsLength];
        var back = Numbers.Random<double>(imageLength, 7);
        Conv.Im2Col<double>(x, cols, n, c, h, w, kh, kw, stride, padding);
        Conv.Col2Im<double>(g, back, n, c, h, w, kh, kw, stride, padding);
        // <Im2Col x, g> = <x, Col2Im g> holds for the adjoint and for nothing else.
        double left = cols.Zip(g).Sum(p => p.First * p.Second), right = x.Zip(back).Sum(p => p.First * p.Second);
        Assert.Equal(left, right, 1e-10);
    }

    [Fact]
    public void ConvKernelsRejectAWindowLargerThanThePaddedImage()
        => Assert.Throws<ArgumentException>(() => Conv.Im2Col<float>(new float[4], new float[100], 1, 1, 2, 2, 3, 3, 1, 0));

    [Fact]
    public void MaxGatherPicksTheFirstLargestAndMaxScatterRoutesBack()
    {
        // [outer 1, mid 3, inner 2]: column 0 is {1, 5, 5} (tie: the first 5 wins), column 1 is {7, 2, 3}.
        float[] selector = [1, 7, 5, 2, 5, 3];
        float[] values = [10, 20, 30, 40, 50, 60];
        var picked = new float[2];
        Pooling.MaxGather<float>(selector, values, picked, 1, 3, 2);
        Assert.Equal([30f, 20f], picked);
        var routed = Enumerable.Repeat(9f, 6).ToArray();
        Pooling.MaxScatter<float>(selector, [1f, 2f], routed, 1, 3, 2);
        Assert.Equal([0f, 2f, 1f, 0f, 0f, 0f], routed);
    }

    [Fact]
    public void MaxScatterIsTheAdjointOfMaxGather()
    {
        const int outer = 3, mid = 4, inner = 5;
        var selector = Numbers.Random<double>(outer * mid * inner, 8);
        var v = Numbers.Random<double>(outer * mid * inner, 9);
        var g = Numbers.Random<double>(outer * inner, 10);
        var gathered = new double[outer * inner];
        var scattered = new double[outer * mid * inner];
        Pooling.MaxGather<double>(selector, v, gathered, outer, mid, inner);
        Pooling.MaxScatter<double>(selector, g, scattered, outer, mid, inner);
        Assert.Equal(gathered.Zip(g).Sum(p => p.First * p.Second), v.Zip(scattered).Sum(p => p.First * p.Second), 1e-12);
    }
    [Fact]
    public void PoolingMatchesTheScalarRuleAcrossVectorLanesAndTheTail()
    {
        PoolingMatchesReference<float>(System.Numerics.Vector<float>.Count);
        PoolingMatchesReference<double>(System.Numerics.Vector<double>.Count);
    }

    /// <summary>Rows of several vectors and a tail; selectors rounded to a few levels so windows tie, with NaNs first and later in a window.</summary>
    private static void PoolingMatchesReference<T>(int lanes) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int outer = 3, mid = 4, inner = 3 * lanes + 5;
        var selector = Numbers.Random<T>(outer * mid * inner, 31).Select(x => T.Round(x * T.CreateChecked(2))).ToArray();
        selector[7] = T.NaN;
        selector[inner + 3] = T.NaN;
        var values = Numbers.Random<T>(outer * mid * inner, 32);
        var reduced = Numbers.Random<T>(outer * inner, 33);
        var gathered = new T[outer * inner];
        var scattered = Enumerable.Repeat(T.CreateChecked(9), outer * mid * inner).ToArray();

        Pooling.MaxGather<T>(selector, values, gathered, outer, mid, inner);
        Pooling.MaxScatter<T>(selector, reduced, scattered, outer, mid, inner);

        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                for (int m = 1; m < mid; m++)
                {
                    if (selector[(o * mid + m) * inner + i] > selector[(o * mid + best) * inner + i]) best = m;
                }
                Assert.Equal(values[(o * mid + best) * inner + i], gathered[o * inner + i]);
                for (int m = 0; m < mid; m++)
                {
                    Assert.Equal(m == best ? reduced[o * inner + i] : T.Zero, scattered[(o * mid + m) * inner + i]);
                }
            }
        }
    }
}
