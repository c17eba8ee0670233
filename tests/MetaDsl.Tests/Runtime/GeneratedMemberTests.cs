using MetaDsl.Learners;
using MetaDsl.Tests.Derivatives;
using MetaDsl.Tests.Learners;

namespace MetaDsl.Tests.Runtime;

/// <summary>What generated members promise beyond their numbers: checks, messages, seeding, no allocation.</summary>
public class GeneratedMemberTests
{
    [Fact]
    public void InfoDescribesTheSinusoidMlp()
    {
        var info = SineMlp.Info;
        Assert.Equal(1 * 40 + 40 + 40 * 40 + 40 + 40 + 1, info.ParameterCount);
        Assert.Equal(["W1", "B1", "W2", "B2", "W3", "B3"], info.Parameters.Select(p => p.Name));
        Assert.Equal(1680, info["B2"].Offset);
        Assert.Equal(["n", "1"], info.Inputs[0].Dims);
        Assert.Equal(["n", "1"], info.OutputDims);
        Assert.Contains("digraph SineMlp", info.ToDot());
        Assert.Contains("MatMul", info.ToDot());
    }

    [Fact]
    public void WarmCallsAllocateNothing()
    {
        var theta = Fixtures.Theta<SineMlp>(1).Select(x => (float)x).ToArray();
        var batch = Fixtures.ToFloat(Fixtures.Batch(SineMlp.Info.Inputs, 2, rows: 10));
        var g = new float[theta.Length];
        var hv = new float[theta.Length];
        var output = new float[10];
        var inputs = new Batch<float>(batch[0]);
        for (int i = 0; i < 3; i++)
        {
            SineMlp.Gradient<float>(theta, batch, g);
            SineMlp.HessianVectorProduct<float>(theta, batch, g, hv);
            SineMlp.Predict<float>(theta, inputs, output);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            SineMlp.Loss<float>(theta, batch);
            SineMlp.Gradient<float>(theta, batch, g);
            SineMlp.HessianVectorProduct<float>(theta, batch, g, hv);
            SineMlp.Predict<float>(theta, inputs, output);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WrongInputShapeNamesTheInputAndBothShapes()
    {
        var theta = new double[SineMlp.Info.ParameterCount];
        var batch = new Batch<double>(new Tensor<double>(new double[10], 10, 1), new Tensor<double>(new double[12], 12, 1));
        var e = Assert.Throws<ArgumentException>(() => SineMlp.Loss<double>(theta, batch));
        Assert.Contains("'y'", e.Message);
        Assert.Contains("[12, 1]", e.Message);
        Assert.Contains("[n, 1]", e.Message);
    }

    [Fact]
    public void WrongRankAndWrongTensorCountAreReported()
    {
        var theta = new double[SineMlp.Info.ParameterCount];
        var flat = new Batch<double>(new Tensor<double>(new double[10], 10), new Tensor<double>(new double[10], 10, 1));
        Assert.Contains("'x' has shape [10]", Assert.Throws<ArgumentException>(() => SineMlp.Loss<double>(theta, flat)).Message);
        var one = new Batch<double>(new Tensor<double>(new double[10], 10, 1));
        Assert.Contains("holds 1 tensors, expected 2", Assert.Throws<ArgumentException>(() => SineMlp.Loss<double>(theta, one)).Message);
    }

    [Fact]
    public void WrongSpanLengthsNameTheArgument()
    {
        var batch = Fixtures.Batch(SineMlp.Info.Inputs, 1);
        var e = Assert.Throws<ArgumentException>(() => SineMlp.Loss<double>(new double[5], batch));
        Assert.Contains("'theta' has length 5, expected 1761", e.Message);
        var theta = new double[1761];
        e = Assert.Throws<ArgumentException>(() => SineMlp.Gradient<double>(theta, batch, new double[3]));
        Assert.Contains("'gradient'", e.Message);
    }

    [Fact]
    public void NaNInThetaIsRejectedWhenTheCheckIsOn()
    {
        var theta = Fixtures.Theta<SineMlp>(1);
        theta[1700] = double.NaN;
        var batch = Fixtures.Batch(SineMlp.Info.Inputs, 1);
        Assert.True(double.IsNaN(SineMlp.Loss<double>(theta, batch)));
        Guard.CheckFinite = true;
        try
        {
            var e = Assert.Throws<ArgumentException>(() => SineMlp.Loss<double>(theta, batch));
            Assert.Contains("parameter B2, entry 20", e.Message);
            Assert.Contains("NaN", e.Message);
        }
        finally
        {
            Guard.CheckFinite = false;
        }
    }

    [Fact]
    public void BadLabelNamesTheTensorAndValue()
    {
        var theta = Fixtures.Theta<SoftmaxClassifier>(1);
        var batch = Fixtures.Batch(SoftmaxClassifier.Info.Inputs, 1);
        batch[1].Data[2] = 7;
        var e = Assert.ThrowsAny<ArgumentException>(() => SoftmaxClassifier.Loss<double>(theta, batch));
        Assert.Contains("labels", e.Message);
        Assert.Contains("7", e.Message);
    }

    [Fact]
    public void InitializeIsSeeded()
    {
        var a = new double[SineMlp.Info.ParameterCount];
        var b = new double[SineMlp.Info.ParameterCount];
        var c = new double[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<double>(a, 42);
        SineMlp.Initialize<double>(b, 42);
        SineMlp.Initialize<double>(c, 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void DefaultInitializationIsKaimingUniformForMatricesAndZeroForVectors()
    {
        var theta = new double[TanhNet.Info.ParameterCount];
        TanhNet.Initialize<double>(theta, 7);
        var w2 = TanhNet.Info["W2"];
        var bound = Math.Sqrt(6.0 / 8);
        var values = theta.AsSpan(w2.Offset, w2.Size).ToArray();
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.True(values.Max() > 0.7 * bound && values.Min() < -0.7 * bound);
        var b1 = TanhNet.Info["B1"];
        Assert.All(theta.AsSpan(b1.Offset, b1.Size).ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void TruncatedNormalInitializationHasTheRequestedDeviation()
    {
        var theta = new double[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<double>(theta, 3);
        var w2 = SineMlp.Info["W2"];
        Assert.Equal(Init.TruncatedNormal, w2.Init);
        var values = theta.AsSpan(w2.Offset, w2.Size).ToArray();
        Assert.All(values, v => Assert.InRange(v, -0.02, 0.02));
        double sd = Math.Sqrt(values.Select(v => v * v).Average());
        // A normal truncated at two deviations keeps 88% of the variance: sd ≈ 0.0088.
        Assert.InRange(sd, 0.0080, 0.0096);
    }

    [Fact]
    public void PredictWritesTheForwardOutput()
    {
        var theta = Fixtures.Theta<TanhNet>(5);
        var x = Fixtures.Batch([TanhNet.Info.ForwardInputs[0]], 6);
        var output = new double[Fixtures.Rows];
        TanhNet.Predict<double>(theta, x, output);
        var eager = new TanhNet();
        eager.LoadParameters(theta);
        var expected = eager.Predict(new Tensor(x[0].Data, x[0].Shape));
        for (int i = 0; i < output.Length; i++) Assert.Equal(expected.Data[i], output[i], 12);
        Assert.Throws<ArgumentException>(() => TanhNet.Predict<double>(theta, x, new double[3]));
    }

    [Fact]
    public void CallsFromManyThreadsAgreeWithSerialCalls()
    {
        var theta = Fixtures.Theta<SineMlp>(9);
        var batches = Enumerable.Range(0, 8).Select(i => Fixtures.Batch(SineMlp.Info.Inputs, i, rows: 3 + i)).ToArray();
        var serial = batches.Select(b => { var g = new double[theta.Length]; SineMlp.Gradient<double>(theta, b, g); return g; }).ToArray();
        var parallel = new double[batches.Length][];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var g = new double[theta.Length];
            SineMlp.Gradient<double>(theta, batches[i % 8], g);
            parallel[i % 8] = g;
        });
        for (int i = 0; i < batches.Length; i++) Assert.Equal(serial[i], parallel[i]);
    }
}
