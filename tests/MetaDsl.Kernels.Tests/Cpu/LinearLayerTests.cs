using System.Numerics;

namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>
/// <see cref="Gemm.MatMulBias{T}"/> gives, bit for bit, what MatMul, Add of the bias and Relu give one after
/// another, on every path a product can take: direct (bias and clamp applied as C is stored), transposed
/// B, packed and parallel, column dots, matrix-vector, scalar and zero depth.
/// </summary>
public class LinearLayerTests
{
    public static TheoryData<int, int, int, int, bool, bool> Shapes => new()
    {
        // batch, m, k, n, transA, transB
        { 1, 1761, 18, 32, false, false },  // a learned optimizer's first layer: direct, two vectors wide
        { 1, 1761, 32, 32, false, false },
        { 1, 1761, 32, 2, false, false },   // its output layer: column dots
        { 1, 50, 1, 40, false, false },     // a sinusoid MLP's first layer, k = 1
        { 1, 50, 40, 1, false, false },     // matrix-vector
        { 1, 37, 13, 23, false, false },    // a block ending past n, placed over written columns: one vector wide
        { 1, 37, 13, 27, false, false },    // and two vectors wide (double)
        { 1, 37, 13, 50, false, false },    // and two vectors wide (float)
        { 1, 37, 13, 23, true, false },
        { 1, 37, 13, 23, false, true },     // B transposed into a buffer first
        { 1, 37, 13, 23, true, true },
        { 1, 300, 70, 130, false, false },  // packed
        { 1, 600, 200, 260, false, true },  // packed and parallel
        { 3, 25, 40, 40, false, false },    // a batch sharing one B
        { 1, 33, 17, 5, true, false },      // narrower than a vector, A transposed
        { 1, 7, 3, 5, false, false },       // scalar
        { 1, 6, 0, 9, false, false },       // zero depth: the bias alone
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EqualsProductThenBiasThenRelu_Float(int batch, int m, int k, int n, bool transA, bool transB)
        => Compare<float>(batch, m, k, n, transA, transB);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EqualsProductThenBiasThenRelu_Double(int batch, int m, int k, int n, bool transA, bool transB)
        => Compare<double>(batch, m, k, n, transA, transB);

    [Fact]
    public void TypesWithoutVectorSupportUseThePortablePath() => Compare<Half>(2, 5, 7, 9, false, false);

    [Fact]
    public void NaNAndSignedZeroFollowTheSeparateKernels()
    {
        // A NaN input row, and a bias that turns a row's sums into -0: Relu(-0) is +0 and NaN stays NaN.
        const int m = 9, k = 4, n = 32;
        var a = Numbers.Random<float>(m * k, 1);
        a[2 * k + 1] = float.NaN;
        Array.Clear(a, 5 * k, k);
        var w = Numbers.Random<float>(k * n, 2);
        var bias = new float[n];
        Array.Fill(bias, -0f);
        var fused = new float[m * n];
        Gemm.MatMulBias<float>(a, w, bias, fused, 1, m, k, n, false, false, 0, 0, relu: true);
        var separate = Separate<float>(a, w, bias, 1, m, k, n, false, false, relu: true);
        AssertBitwise(separate, fused, "NaN and -0");
        Assert.True(float.IsNaN(fused[2 * n]));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(fused[5 * n]));
    }

    [Fact]
    public void AShortBiasIsRejected()
    {
        var a = new float[4 * 3];
        var w = new float[3 * 5];
        var c = new float[4 * 5];
        var error = Assert.Throws<ArgumentException>(() => Gemm.MatMulBias<float>(a, w, new float[4], c, 1, 4, 3, 5, false, false, 0, 0, relu: false));
        Assert.Equal("bias", error.ParamName);
    }

    private static void Compare<T>(int batch, int m, int k, int n, bool transA, bool transB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int strideA = batch > 1 ? m * k : 0;
        var a = Numbers.Random<T>(Math.Max(1, batch * m * k), m + k);
        var w = Numbers.Random<T>(Math.Max(1, k * n), n + 1);
        var bias = Numbers.Random<T>(n, 7);
        foreach (bool relu in new[] { false, true })
        {
            var fused = Numbers.Random<T>(batch * m * n, 3);
            Gemm.MatMulBias<T>(a, w, bias, fused, batch, m, k, n, transA, transB, strideA, 0, relu);
            var separate = Separate<T>(a, w, bias, batch, m, k, n, transA, transB, relu);
            AssertBitwise(separate, fused, $"{typeof(T).Name} batch={batch} m={m} k={k} n={n} transA={transA} transB={transB} relu={relu}");
        }
    }

    private static T[] Separate<T>(T[] a, T[] w, T[] bias, int batch, int m, int k, int n, bool transA, bool transB, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var product = new T[batch * m * n];
        Gemm.MatMul<T>(a, w, product, batch, m, k, n, transA, transB, batch > 1 ? m * k : 0, 0);
        var result = new T[product.Length];
        ElementWise.Add<T>(product, bias, result);
        if (relu) ElementWise.Relu<T>(result, result);
        return result;
    }

    private static void AssertBitwise<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]) || T.IsNegative(expected[i]) != T.IsNegative(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]}, the separate kernels give {expected[i]}");
        }
    }
}

/// <summary>
/// A row's dot products do not depend on the rows around it: narrow products, computed a block of rows at
/// a time, give each row what the same row gives alone, bit for bit, with and without the epilogue.
/// </summary>
public class RowDotsGroupingTests
{
    [Theory]
    [InlineData(1761, 32, 2)]
    [InlineData(1761, 32, 1)]
    [InlineData(37, 18, 3)]
    [InlineData(48, 40, 1)]
    [InlineData(16, 16, 2)]
    public void EachRowEqualsTheRowAlone(int m, int k, int n)
    {
        Check<float>(m, k, n);
        Check<double>(m, k, n);
    }

    private static void Check<T>(int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Numbers.Random<T>(m * k, m + k);
        var w = Numbers.Random<T>(k * n, n);
        var bias = Numbers.Random<T>(n, 9);
        var all = new T[m * n];
        var layer = new T[m * n];
        Gemm.MatMul<T>(a, w, all, 1, m, k, n, false, false, 0, 0);
        Gemm.MatMulBias<T>(a, w, bias, layer, 1, m, k, n, false, false, 0, 0, relu: true);
        var alone = new T[n];
        var aloneLayer = new T[n];
        for (int i = 0; i < m; i++)
        {
            var row = a.AsSpan(i * k, k);
            Gemm.MatMul<T>(row, w, alone, 1, 1, k, n, false, false, 0, 0);
            Gemm.MatMulBias<T>(row, w, bias, aloneLayer, 1, 1, k, n, false, false, 0, 0, relu: true);
            for (int j = 0; j < n; j++)
            {
                Assert.True(alone[j].Equals(all[i * n + j]), $"{typeof(T).Name} m={m} k={k} n={n}: row {i} column {j} is {all[i * n + j]} among {m} rows, {alone[j]} alone");
                Assert.True(aloneLayer[j].Equals(layer[i * n + j]), $"{typeof(T).Name} m={m} k={k} n={n} with bias and ReLU: row {i} column {j} is {layer[i * n + j]} among {m} rows, {aloneLayer[j]} alone");
            }
        }
    }
}
