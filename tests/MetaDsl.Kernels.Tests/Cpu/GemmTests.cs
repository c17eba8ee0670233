namespace MetaDsl.Kernels.Tests.Cpu;

public class GemmTests
{
    private static readonly int[] OddSizes = [1, 3, 7, 11, 17, 33, 65, 130];

    public static TheoryData<bool, bool> Transposes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Transposes))]
    public void OddShapesMatchReference_Float(bool transA, bool transB) => OddShapes<float>(transA, transB);

    [Theory]
    [MemberData(nameof(Transposes))]
    public void OddShapesMatchReference_Double(bool transA, bool transB) => OddShapes<double>(transA, transB);

    [Theory]
    [MemberData(nameof(Transposes))]
    public void MetaLearningShapesMatchReference(bool transA, bool transB)
    {
        foreach (int m in new[] { 10, 16, 25, 40 })
        {
            foreach (int k in new[] { 1, 10, 25, 40 })
            {
                foreach (int n in new[] { 1, 40 })
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        Compare<float>(1, m, k, n, transA, transB, 0, 0, accumulate, seed: m * 1000 + k * 10 + n);
                        Compare<double>(1, m, k, n, transA, transB, 0, 0, accumulate, seed: m * 1000 + k * 10 + n);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void BatchesWithSharedAndStridedOperands(bool transA, bool transB)
    {
        const int batch = 3, m = 25, k = 40, n = 40;
        foreach (int strideA in new[] { 0, m * k, m * k + 5 })
        {
            foreach (int strideB in new[] { 0, k * n, k * n + 3 })
            {
                Compare<float>(batch, m, k, n, transA, transB, strideA, strideB, accumulate: false, seed: strideA + strideB);
                Compare<double>(batch, m, k, n, transA, transB, strideA, strideB, accumulate: true, seed: strideA + strideB);
                Compare<float>(batch, 7, 3, 17, transA, transB, strideA == 0 ? 0 : 30, strideB == 0 ? 0 : 60, accumulate: true, seed: 7);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void LargeShapesTakeThePackedAndParallelPaths(bool transA, bool transB)
    {
        // Above the packing threshold; 260 rows give several row blocks, k > 256 several K slices,
        // n > 1024 several column panels with a short last one.
        Compare<float>(1, 260, 70, 130, transA, transB, 0, 0, accumulate: false, seed: 1);
        Compare<double>(1, 260, 70, 130, transA, transB, 0, 0, accumulate: true, seed: 2);
        Compare<float>(2, 20, 300, 1030, transA, transB, 20 * 300, 0, accumulate: true, seed: 3);
        Compare<double>(1, 9, 513, 300, transA, transB, 0, 0, accumulate: false, seed: 4);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void ManyRowsBySmallPanelsMatchReference(bool transA, bool transB)
    {
        // A learned optimizer's layers over 1,761 parameter rows: a B that stays in L1 runs direct however
        // large the product; past the parallel threshold it is packed and split; an output of 2 runs as column dots.
        Compare<float>(1, 1761, 18, 32, transA, transB, 0, 0, accumulate: false, seed: 11);
        Compare<float>(1, 1761, 32, 32, transA, transB, 0, 0, accumulate: true, seed: 12);
        Compare<double>(1, 1761, 32, 2, transA, transB, 0, 0, accumulate: false, seed: 13);
        Compare<float>(1, 1761, 32, 2, transA, transB, 0, 0, accumulate: true, seed: 14);
        Compare<float>(1, 3000, 32, 32, transA, transB, 0, 0, accumulate: false, seed: 15);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void ConvolutionShapesOnSmallImagesMatchReference(bool transA, bool transB)
    {
        // Conv-4's last layer on 3×3 images: W [64, 576] against 9-pixel columns of 5 images, and the
        // input gradient Wᵀ·G, whose B is narrower than a vector while A is stored transposed.
        Compare<float>(5, 64, 576, 9, transA, transB, 0, 576 * 9, accumulate: false, seed: 21);
        Compare<float>(5, 576, 64, 9, transA, transB, 0, 64 * 9, accumulate: true, seed: 22);
        Compare<double>(5, 576, 64, 9, transA, transB, 0, 64 * 9, accumulate: false, seed: 23);
        Compare<float>(2, 33, 5, 15, transA, transB, 33 * 5, 0, accumulate: true, seed: 24);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void ASharedAOverABatchIsPackedOnceForAllItems(bool transA, bool transB)
    {
        // Conv-4's weights over a batch of images: one row block of A, K past one slice, a short last strip.
        Compare<float>(3, 64, 300, 200, transA, transB, 0, 300 * 200, accumulate: false, seed: 31);
        Compare<float>(2, 64, 576, 196, transA, transB, 0, 576 * 196, accumulate: true, seed: 32);
        Compare<double>(3, 37, 270, 130, transA, transB, 0, 270 * 130, accumulate: true, seed: 33);
        Compare<float>(2, 128, 260, 70, transA, transB, 0, 260 * 70 + 9, accumulate: false, seed: 34);
    }

    [Fact]
    public void TypesWithoutVectorSupportUseThePortablePath()
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, true) })
        {
            Compare<Half>(2, 5, 7, 9, transA, transB, 35, 0, accumulate: true, seed: 5);
        }
    }

    [Fact]
    public void MatrixVectorKeepsAnInfinityInAnyPosition()
    {
        // The row-dot kernel ends each row with a vector that overlaps lanes already summed; an
        // infinity in such a lane must still give ±∞, never 0·∞ = NaN.
        MatrixVectorInfinities<float>();
        MatrixVectorInfinities<double>();
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(16, 24)]
    [InlineData(9, 17)]
    [InlineData(40, 3)]
    [InlineData(3, 40)]
    public void TransposedBIsExactWhenEachOutputHasOneTerm(int n, int k)
    {
        // With A = I the product A·Bᵀ is Bᵀ itself, so any misplaced value in the blocked
        // transpose shows up exactly, not hidden inside a sum.
        var identity = new float[k * k];
        for (int p = 0; p < k; p++)
        {
            identity[p * k + p] = 1;
        }
        var b = Numbers.Random<float>(n * k, n + k);
        var c = new float[k * n];
        Gemm.MatMul<float>(identity, b, c, 1, k, k, n, false, true, 0, 0);
        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(b[j * k + p], c[p * n + j]);
            }
        }
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsTheOutput()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.MatMul<float>([], [], c, 1, 2, 0, 2, false, false, 0, 0, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.MatMul<float>([], [], c, 1, 2, 0, 2, false, false, 0, 0);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void ShortSpansAreRejectedBeforeAnyRead()
    {
        var a = new float[25 * 40];
        var b = new float[40 * 40];
        var c = new float[2 * 25 * 40];
        Assert.Throws<ArgumentException>(() => Gemm.MatMul<float>(a, b, c, 2, 25, 40, 40, false, false, 25 * 40, 0));
        Assert.Throws<ArgumentException>(() => Gemm.MatMul<float>(a, b, c.AsSpan(1), 2, 25, 40, 40, false, false, 0, 0));
        Assert.Throws<ArgumentException>(() => Gemm.MatMul<float>(a, b.AsSpan(1), c, 1, 25, 40, 40, false, false, 0, 0));
    }

    private static void MatrixVectorInfinities<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int m = 3, k = 20;
        var x = new T[k];
        Array.Fill(x, T.One);
        var y = new T[m];
        for (int q = 0; q < k; q++)
        {
            var a = new T[m * k];
            Array.Fill(a, T.One);
            a[k + q] = T.PositiveInfinity;
            Gemm.MatMul<T>(a, x, y, 1, m, k, 1, false, false, 0, 0);
            Assert.Equal(T.CreateChecked(k), y[0]);
            Assert.True(T.IsPositiveInfinity(y[1]), $"{typeof(T).Name}: infinity at {q} gave {y[1]}");
        }
    }

    private static void OddShapes<T>(bool transA, bool transB) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int seed = 0;
        foreach (int m in OddSizes)
        {
            foreach (int k in OddSizes)
            {
                foreach (int n in OddSizes)
                {
                    Compare<T>(1, m, k, n, transA, transB, 0, 0, accumulate: (seed & 1) == 1, seed: seed++);
                }
            }
        }
    }

    private static void Compare<T>(int batch, int m, int k, int n, bool transA, bool transB, int strideA, int strideB, bool accumulate, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = Numbers.Random<T>(Math.Max(1, (batch - 1) * strideA + m * k), seed);
        var b = Numbers.Random<T>(Math.Max(1, (batch - 1) * strideB + k * n), seed + 1);
        var c = Numbers.Random<T>(batch * m * n, seed + 2);
        var expected = Reference(Numbers.ToDouble<T>(a), Numbers.ToDouble<T>(b), Numbers.ToDouble<T>(c),
            batch, m, k, n, transA, transB, strideA, strideB, accumulate);

        Gemm.MatMul<T>(a, b, c, batch, m, k, n, transA, transB, strideA, strideB, accumulate);

        Numbers.Close<T>(expected, c, Numbers.Tolerance<T>(k),
            $"{typeof(T).Name} batch={batch} m={m} k={k} n={n} transA={transA} transB={transB} strides=({strideA},{strideB}) accumulate={accumulate}");
    }

    private static double[] Reference(double[] a, double[] b, double[] c, int batch, int m, int k, int n,
        bool transA, bool transB, int strideA, int strideB, bool accumulate)
    {
        var result = new double[batch * m * n];
        for (int item = 0; item < batch; item++)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = accumulate ? c[(item * m + i) * n + j] : 0;
                    for (int p = 0; p < k; p++)
                    {
                        double x = a[item * strideA + (transA ? p * m + i : i * k + p)];
                        double y = b[item * strideB + (transB ? j * k + p : p * n + j)];
                        sum += x * y;
                    }
                    result[(item * m + i) * n + j] = sum;
                }
            }
        }
        return result;
    }
}
