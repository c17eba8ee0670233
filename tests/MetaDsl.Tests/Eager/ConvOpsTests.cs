using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

/// <summary>The eager convolution, pooling, batch norm and flatten ops against values worked by hand.</summary>
public class ConvOpsTests
{
    [Fact]
    public void Conv2d_IsCrossCorrelationWithBias()
    {
        var x = Iota(1, 1, 3, 3);
        var w = new Tensor([1, 0, 0, 1], 1, 1, 2, 2);
        Close(Conv2d(x, w), [1, 1, 2, 2], [4, 6, 10, 12]);
        Close(Conv2d(x, w, new Tensor([1], 1)), [1, 1, 2, 2], [5, 7, 11, 13]);
    }

    [Fact]
    public void Conv2d_PadsWithZerosAndStrides()
    {
        var x = Iota(1, 1, 3, 3);
        var ones = new Tensor(Enumerable.Repeat(1.0, 9).ToArray(), 1, 1, 3, 3);
        Close(Conv2d(x, ones, padding: 1), [1, 1, 3, 3], [8, 15, 12, 21, 36, 27, 20, 33, 24]);
        Close(Conv2d(x, ones, stride: 2, padding: 1), [1, 1, 2, 2], [8, 12, 20, 24]);
    }

    [Fact]
    public void Conv2d_SumsOverInputChannelsPerOutputChannel()
    {
        var x = new Tensor([2, 3, 4, 5], 2, 2, 1, 1);
        var w = new Tensor([1, 10, 100, 1000], 2, 2, 1, 1);
        Close(Conv2d(x, w), [2, 2, 1, 1], [32, 3200, 54, 5400]);
    }

    [Fact]
    public void Conv2d_Errors()
    {
        var w = new Tensor(new double[18], 1, 2, 3, 3);
        Throws(() => Conv2d(Iota(1, 1, 4, 4), w), "Conv2d", "1 channels", "expects 2");
        Throws(() => Conv2d(Iota(4, 4), w), "Conv2d", "[4, 4]");
        Throws(() => Conv2d(Iota(1, 2, 2, 2), w), "Conv2d", "larger than the padded input 2x2");
        Throws(() => Conv2d(Iota(1, 2, 4, 4), w, stride: 0), "Conv2d", "stride 0");
        Throws(() => Conv2d(Iota(1, 2, 4, 4), w, new Tensor([1, 2], 2)), "Conv2d", "bias", "[2]");
    }

    [Fact]
    public void MaxPool2d_TakesWindowMaximaWithFloorSizes()
    {
        Close(MaxPool2d(Iota(1, 1, 4, 4), 2), [1, 1, 2, 2], [5, 7, 13, 15]);
        Close(MaxPool2d(Iota(1, 1, 5, 5), 2), [1, 1, 2, 2], [6, 8, 16, 18]);
        Close(MaxPool2d(Iota(1, 1, 4, 4), 3, 1), [1, 1, 2, 2], [10, 11, 14, 15]);
        Close(MaxPool2d(new Tensor([-3, -1, -2, -4], 1, 1, 2, 2), 2), [1, 1, 1, 1], [-1]);
    }

    [Fact]
    public void AvgPool2d_TakesWindowMeans()
    {
        Close(AvgPool2d(Iota(1, 1, 4, 4), 2), [1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5]);
        Close(AvgPool2d(Iota(1, 1, 3, 3), 2, 1), [1, 1, 2, 2], [2, 3, 5, 6]);
    }

    [Fact]
    public void Pool_Errors()
    {
        Throws(() => MaxPool2d(Iota(1, 1, 2, 2), 3), "MaxPool2d", "larger than the padded input 2x2");
        Throws(() => AvgPool2d(Iota(2, 2), 2), "AvgPool2d", "[2, 2]");
        Throws(() => MaxPool2d(Iota(1, 1, 2, 2), 0), "MaxPool2d", "kernel 0x0");
    }

    [Fact]
    public void BatchNorm_NormalisesEachChannelWithBiasedBatchVariance()
    {
        // Channel 0 holds 1 and 3 (mean 2, variance 1); channel 1 holds 0 and 4 (mean 2, variance 4).
        var x = new Tensor([1, 0, 3, 4], 2, 2);
        var y = BatchNorm(x, new Tensor([2, 1], 2), new Tensor([1, -1], 2), eps: 1e-5);
        double s0 = 2 / Math.Sqrt(1 + 1e-5), s1 = 1 / Math.Sqrt(4 + 1e-5);
        Close(y, [2, 2], [1 - s0, -1 - 2 * s1, 1 + s0, -1 + 2 * s1]);
    }

    [Fact]
    public void BatchNorm_PoolsStatisticsOverBatchAndPixels()
    {
        // [n=2, c=2, 1, 2]: channel 0 is {0, 1, 4, 5}, channel 1 is {2, 3, 6, 7}; means 2.5 and 4.5, both variance 4.25.
        var x = Iota(2, 2, 1, 2);
        var y = BatchNorm(x, new Tensor([1, 1], 2), new Tensor([0, 0], 2));
        double sd = Math.Sqrt(4.25 + 1e-5);
        Close(y, [2, 2, 1, 2], [-2.5 / sd, -1.5 / sd, -2.5 / sd, -1.5 / sd, 1.5 / sd, 2.5 / sd, 1.5 / sd, 2.5 / sd]);
    }

    [Fact]
    public void BatchNorm_Errors()
    {
        var g = new Tensor([1, 1], 2);
        Throws(() => BatchNorm(Iota(2, 2, 2), g, g), "BatchNorm", "[2, 2, 2]");
        Throws(() => BatchNorm(Iota(2, 3), g, g), "BatchNorm", "[3]");
        Throws(() => BatchNorm(Iota(2, 2), g, g, eps: 0), "BatchNorm", "eps");
    }

    [Fact]
    public void Flatten_KeepsTheBatchDim()
    {
        var y = Flatten(Iota(2, 3, 2, 2));
        Close(y, [2, 12], Enumerable.Range(0, 24).Select(i => (double)i).ToArray());
        Throws(() => Flatten(Iota(3)), "Flatten", "[3]");
    }
}
