using System.Numerics;

namespace MetaDsl.Kernels.Tests.Cpu;

public class ElementWiseTests
{
    private delegate void Binary<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst);
    private delegate void Unary<T>(ReadOnlySpan<T> src, Span<T> dst);

    // (output, a, b) lengths: equal, scalars, suffixes on either side, and two short operands.
    public static TheoryData<int, int, int> Broadcasts => new()
    {
        { 1, 1, 1 }, { 3, 3, 3 }, { 7, 7, 1 }, { 17, 1, 17 }, { 33, 33, 33 }, { 130, 130, 65 }, { 130, 65, 130 },
        { 130, 1, 130 }, { 65, 65, 1 }, { 24, 4, 6 }, { 24, 3, 1 }, { 24, 1, 8 }, { 24, 12, 24 }, { 1000, 1000, 40 },
        // Periods of whole vectors (a layer's bias over many rows) take the single-loop path, on either side.
        { 1024, 1024, 32 }, { 1024, 32, 1024 }, { 4096, 4096, 256 }, { 4096, 256, 4096 }, { 4096, 4096, 512 }, { 64, 64, 8 },
    };

    [Theory]
    [MemberData(nameof(Broadcasts))]
    public void BinaryOpsBroadcastSuffixes(int length, int aLength, int bLength)
    {
        Check<float>(ElementWise.Add, (x, y) => x + y, length, aLength, bLength);
        Check<float>(ElementWise.Sub, (x, y) => x - y, length, aLength, bLength);
        Check<float>(ElementWise.Mul, (x, y) => x * y, length, aLength, bLength);
        Check<float>(ElementWise.Div, (x, y) => x / y, length, aLength, bLength);
        Check<double>(ElementWise.Add, (x, y) => x + y, length, aLength, bLength);
        Check<double>(ElementWise.Sub, (x, y) => x - y, length, aLength, bLength);
        Check<double>(ElementWise.Mul, (x, y) => x * y, length, aLength, bLength);
        Check<double>(ElementWise.Div, (x, y) => x / y, length, aLength, bLength);
    }

    [Theory]
    [InlineData(17, 17)]
    [InlineData(130, 65)]
    [InlineData(33, 1)]
    [InlineData(1024, 32)]
    public void BinaryOpsMayWriteOverAnOperandOfFullLength(int length, int otherLength)
    {
        var a = Numbers.Random<float>(length, 1);
        var b = Numbers.Random<float>(otherLength, 2, 0.5, 2);
        var expected = new double[length];
        for (int i = 0; i < length; i++)
        {
            expected[i] = (double)a[i] / b[i % otherLength];
        }
        ElementWise.Div<float>(a, b, a);
        Numbers.Close<float>(expected, a, Numbers.Tolerance<float>(), "dst == a");

        var c = Numbers.Random<double>(length, 3);
        var d = Numbers.Random<double>(otherLength, 4);
        for (int i = 0; i < length; i++)
        {
            expected[i] = d[i % otherLength] - c[i];
        }
        ElementWise.Sub<double>(d, c, c);
        Numbers.Close<double>(expected, c, Numbers.Tolerance<double>(), "dst == b");
    }

    [Fact]
    public void OperandsThatDoNotBroadcastAreRejected()
    {
        var dst = new float[6];
        Assert.Throws<ArgumentException>(() => ElementWise.Add<float>(new float[4], new float[6], dst));
        Assert.Throws<ArgumentException>(() => ElementWise.Mul<float>(new float[6], new float[0], dst));
        Assert.Throws<ArgumentException>(() => ElementWise.Neg<float>(new float[6], new float[5]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(65)]
    [InlineData(130)]
    public void UnaryOpsMatchReferenceAndMayRunInPlace(int length)
    {
        CheckUnary<float>(ElementWise.Neg, x => -x, length);
        CheckUnary<float>(ElementWise.Relu, x => Math.Max(x, 0), length);
        CheckUnary<float>(ElementWise.Step, x => x > 0 ? 1 : 0, length);
        CheckUnary<float>(ElementWise.Tanh, Math.Tanh, length);
        CheckUnary<float>(ElementWise.Sigmoid, x => 1 / (1 + Math.Exp(-x)), length);
        CheckUnary<float>(ElementWise.Exp, Math.Exp, length);
        CheckUnary<float>(ElementWise.Log, Math.Log, length, positive: true);
        CheckUnary<float>(ElementWise.Square, x => x * x, length);
        CheckUnary<float>(ElementWise.Copy, x => x, length);
        CheckUnary<double>(ElementWise.Neg, x => -x, length);
        CheckUnary<double>(ElementWise.Relu, x => Math.Max(x, 0), length);
        CheckUnary<double>(ElementWise.Step, x => x > 0 ? 1 : 0, length);
        CheckUnary<double>(ElementWise.Tanh, Math.Tanh, length);
        CheckUnary<double>(ElementWise.Sigmoid, x => 1 / (1 + Math.Exp(-x)), length);
        CheckUnary<double>(ElementWise.Exp, Math.Exp, length);
        CheckUnary<double>(ElementWise.Log, Math.Log, length, positive: true);
        CheckUnary<double>(ElementWise.Square, x => x * x, length);
        CheckUnary<double>(ElementWise.Copy, x => x, length);
    }

    [Fact]
    public void StepIsZeroAtZeroAndForNegativeZero()
    {
        var dst = new float[40];
        var src = new float[40];
        src[3] = -0f;
        src[5] = float.Epsilon;
        src[39] = 2;
        ElementWise.Step<float>(src, dst);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(i is 5 or 39 ? 1f : 0f, dst[i]);
        }
    }

    [Fact]
    public void FillSetsEveryValue()
    {
        var dst = new double[33];
        ElementWise.Fill(dst.AsSpan(), 2.5);
        Assert.All(dst, x => Assert.Equal(2.5, x));
    }

    [Fact]
    public void OneHotWritesOneRowPerLabel()
    {
        var dst = Numbers.Random<float>(12, 1);
        ElementWise.OneHot<float>([2, 0, 3], dst, 4, "labels");
        Assert.Equal([0f, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1], dst);
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(-1.0, "-1")]
    [InlineData(4.0, "4")]
    [InlineData(double.NaN, "NaN")]
    public void OneHotRejectsLabelsOutsideTheClasses(double bad, string shown)
    {
        var labels = new double[] { 0, 3, bad };
        var dst = new double[12];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ElementWise.OneHot<double>(labels, dst, 4, "targets"));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("'targets'", error.Message);
        Assert.Contains("index 2", error.Message);
        Assert.Contains(shown, error.Message);
        Assert.All(dst, x => Assert.Equal(0.0, x));
    }

    private static void Check<T>(Binary<T> op, Func<double, double, double> reference, int length, int aLength, int bLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Numbers.Random<T>(aLength, length + aLength);
        var b = Numbers.Random<T>(bLength, length + 7 * bLength, 0.5, 2);
        var dst = new T[length];
        var expected = new double[length];
        for (int i = 0; i < length; i++)
        {
            expected[i] = reference(double.CreateChecked(a[i % aLength]), double.CreateChecked(b[i % bLength]));
        }
        op(a, b, dst);
        Numbers.Close<T>(expected, dst, Numbers.Tolerance<T>(), $"{typeof(T).Name} {op.Method.Name} ({length}, {aLength}, {bLength})");
    }

    private static void CheckUnary<T>(Unary<T> op, Func<double, double> reference, int length, bool positive = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var src = positive ? Numbers.Random<T>(length, length, 0.01, 10) : Numbers.Random<T>(length, length, -5, 5);
        var expected = Numbers.ToDouble<T>(src).Select(reference).ToArray();
        var dst = new T[length];
        op(src, dst);
        Numbers.Close<T>(expected, dst, Numbers.Tolerance<T>(), $"{typeof(T).Name} {op.Method.Name}({length})");
        op(src, src);
        Numbers.Close<T>(expected, src, Numbers.Tolerance<T>(), $"{typeof(T).Name} {op.Method.Name}({length}) in place");
    }
}
