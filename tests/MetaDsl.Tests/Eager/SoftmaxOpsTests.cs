using MetaDsl;
using static MetaDsl.Ops;
using static MetaDsl.Tests.Eager.EagerAssert;

namespace MetaDsl.Tests.Eager;

public class SoftmaxOpsTests
{
    [Fact]
    public void Softmax_Of_1_2_3()
    {
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        var x = new Tensor([1, 2, 3], 3);
        Close(Softmax(x), [3], [Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z]);
        Close(Softmax(x), [3], [0.09003057317038046, 0.24472847105479764, 0.6652409557748219], 1e-15);
        Close(LogSoftmax(x), [3], [1 - Math.Log(z), 2 - Math.Log(z), 3 - Math.Log(z)]);
    }

    [Fact]
    public void Softmax_IsStableForLargeLogits()
    {
        var s = Softmax(new Tensor([1000, 1001, 1002], 3));
        Close(Softmax(new Tensor([0, 1, 2], 3)), s);
        var l = LogSoftmax(new Tensor([-1000, 0], 2));
        Close(l, [2], [-1000, 0]);
    }

    [Fact]
    public void Softmax_AlongAxis0OfMatrix()
    {
        var x = new Tensor([0, 1, Math.Log(3), 1], 2, 2);
        Close(Softmax(x, 0), [2, 2], [0.25, 0.5, 0.75, 0.5]);
        Close(Softmax(x, -2), Softmax(x, 0));
        Close(Exp(LogSoftmax(x, 0)), Softmax(x, 0));
    }

    [Fact]
    public void Softmax_RowsSumToOne()
    {
        var x = new Tensor([0.3, -1, 2, 5, 0, 0, 1, 1, 1, -2, 4, 0.5], 2, 2, 3);
        var s = Softmax(x);
        Close(Sum(s, -1), [2, 2], [1, 1, 1, 1], 1e-14);
    }

    [Fact]
    public void Softmax_AxisError() =>
        Throws(() => Softmax(Iota(2, 3), 2), "Softmax", "[2, 3]");

    [Fact]
    public void SoftmaxCrossEntropy_IsMeanNegativeLogSoftmaxAtLabels()
    {
        var logits = new Tensor([1, 2, 3, 0.5, -1, 2, 0, 0, 0], 3, 3);
        var labels = new Tensor([2, 0, 1], 3);
        var logp = LogSoftmax(logits);
        double expected = -(logp[0, 2] + logp[1, 0] + logp[2, 1]) / 3;
        var loss = SoftmaxCrossEntropy(logits, labels);
        Assert.Equal(0, loss.Rank);
        Assert.Equal(expected, loss.Item(), 12);
        // the third row is uniform over 3 classes
        Assert.Equal(Math.Log(3), -logp[2, 1], 12);
    }

    [Fact]
    public void SoftmaxCrossEntropy_SingleRowAndBatchedRows()
    {
        var logits = new Tensor([1, 2, 3], 3);
        double z = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal(z - 1, SoftmaxCrossEntropy(logits, Tensor.Scalar(0)).Item(), 12);

        var batched = Iota(2, 2, 3);
        var labels = new Tensor([0, 1, 2, 0], 2, 2);
        var flat = SoftmaxCrossEntropy(Reshape(batched, 4, 3), Reshape(labels, 4));
        Assert.Equal(flat.Item(), SoftmaxCrossEntropy(batched, labels).Item(), 12);
    }

    [Fact]
    public void SoftmaxCrossEntropy_BadLabel_NamesIndexAndValue()
    {
        var logits = Iota(2, 3);
        Throws(() => SoftmaxCrossEntropy(logits, new Tensor([0, 3], 2)), "SoftmaxCrossEntropy", "index [1]", "is 3");
        Throws(() => SoftmaxCrossEntropy(logits, new Tensor([-1, 0], 2)), "index [0]", "is -1");
        Throws(() => SoftmaxCrossEntropy(logits, new Tensor([0, 1.5], 2)), "index [1]", "is 1.5");
        Throws(() => SoftmaxCrossEntropy(logits, new Tensor([0, double.NaN], 2)), "index [1]", "NaN");
    }

    [Fact]
    public void SoftmaxCrossEntropy_ShapeError_NamesBothShapes()
    {
        Throws(() => SoftmaxCrossEntropy(Iota(2, 3), Iota(3)), "SoftmaxCrossEntropy", "[2, 3]", "[3]");
        Throws(() => SoftmaxCrossEntropy(Iota(2, 3), Iota(2, 1)), "SoftmaxCrossEntropy", "[2, 3]", "[2, 1]");
    }
}
