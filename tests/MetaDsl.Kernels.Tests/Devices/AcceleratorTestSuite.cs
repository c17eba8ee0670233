using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;
using MetaDsl.Kernels.Devices;
using static MetaDsl.Kernels.Tests.Devices.MlpTestData;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>
/// One suite for every backend: each subclass says how to open its accelerator (skipping when it
/// cannot) and how close its MLP kernels must come to the double-precision reference.
/// </summary>
public abstract class AcceleratorTestSuite
{
    /// <summary>Opens a context and an accelerator, or skips the test with the reason.</summary>
    protected abstract (Context Context, Accelerator Accelerator) Open();

    /// <summary>Allowed ‖kernel − reference‖ / ‖reference‖ for the MLP kernels.</summary>
    protected abstract double MlpTolerance { get; }

    [SkippableFact]
    public void Buffers_round_trip_and_report_their_size()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var buffer = accelerator.Allocate1D<float>([1f, 2f, 3f, 4f]);
        Assert.Equal(4, buffer.Length);
        Assert.Equal(16, buffer.LengthInBytes);
        Assert.Equal([1f, 2f, 3f, 4f], buffer.GetAsArray1D());
        buffer.CopyFromCpu([5f, 6f, 7f, 8f]);
        Assert.Equal([5f, 6f, 7f, 8f], buffer.GetAsArray1D());
    }

    [SkippableFact]
    public void Copies_check_lengths()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var buffer = accelerator.Allocate1D<int>(4);
        var error = Assert.Throws<ArgumentException>(() => buffer.CopyFromCpu([1, 2, 3]));
        Assert.Contains("4", error.Message);
        Assert.Throws<ArgumentException>(() => buffer.CopyToCpu(new int[5]));
    }

    [SkippableFact]
    public void Sub_views_address_their_window_and_reject_out_of_range()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var buffer = accelerator.Allocate1D<int>([0, 1, 2, 3, 4, 5]);
        var middle = buffer.View.SubView(2, 3);
        Assert.Equal([2, 3, 4], middle.GetAsArray1D());
        middle.SubView(1, 1).CopyFromCpu([30]);
        Assert.Equal([0, 1, 2, 30, 4, 5], buffer.GetAsArray1D());
        Assert.Throws<ArgumentOutOfRangeException>(() => middle.SubView(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.View.SubView(-1, 1));
    }

    [SkippableFact]
    public void Device_copies_and_zeroing_work_on_views()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var source = accelerator.Allocate1D<double>([1, 2, 3, 4]);
        using var target = accelerator.Allocate1D<double>([9, 9, 9, 9]);
        source.View.SubView(0, 2).CopyTo(target.View.SubView(2, 2));
        target.View.SubView(0, 1).MemSetToZero();
        Assert.Equal([0, 9, 1, 2], target.GetAsArray1D());
    }

    [SkippableFact]
    public void Zero_length_buffers_are_usable()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var empty = accelerator.Allocate1D<float>(0);
        empty.CopyFromCpu([]);
        Assert.Empty(empty.GetAsArray1D());
    }

    [SkippableFact]
    public void Disposed_buffers_cannot_be_used()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var buffer = accelerator.Allocate1D<float>(3);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetAsArray1D());
    }

    [SkippableFact]
    public void A_launched_kernel_updates_device_memory()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        const int n = 1000;
        var xs = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        using var x = accelerator.Allocate1D<float>(xs);
        using var y = accelerator.Allocate1D<float>(Enumerable.Repeat(1f, n).ToArray());
        var saxpy = accelerator.LoadKernel(TestKernels.Saxpy);
        Assert.Same(saxpy, accelerator.LoadKernel(TestKernels.Saxpy));
        saxpy.Launch(new KernelConfig((n + 127) / 128, 128), 2f, x.View, y.View, n);
        Assert.Equal(xs.Select(v => 2 * v + 1), y.GetAsArray1D());
    }

    [SkippableFact]
    public void Kernels_receive_dynamic_shared_memory()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var input = Enumerable.Range(0, 64).ToArray();
        using var source = accelerator.Allocate1D<int>(input);
        using var target = accelerator.Allocate1D<int>(64);
        accelerator.LoadKernel(TestKernels.ReverseChunks).Launch(new KernelConfig(2, 32, 32 * sizeof(int)), source.View, target.View);
        Assert.Equal(input[..32].Reverse().Concat(input[32..].Reverse()), target.GetAsArray1D());
    }

    [SkippableFact]
    public void Launches_reject_wrong_arguments_naming_the_parameter()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        using var x = accelerator.Allocate1D<float>(4);
        using var ints = accelerator.Allocate1D<int>(4);
        var saxpy = accelerator.LoadKernel(TestKernels.Saxpy);
        var config = new KernelConfig(1, 32);
        Assert.Contains("takes 4 arguments", Assert.Throws<ArgumentException>(() => saxpy.Launch(config, 2f, x.View)).Message);
        Assert.Contains("'Single a'", Assert.Throws<ArgumentException>(() => saxpy.Launch(config, 2.0, x.View, x.View, 4)).Message);
        Assert.Contains("y", Assert.Throws<ArgumentException>(() => saxpy.Launch(config, 2f, x.View, ints.View, 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => saxpy.Launch(new KernelConfig(1, accelerator.MaxThreadsPerBlock + 1), 2f, x.View, x.View, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => saxpy.Launch(new KernelConfig(0, 32), 2f, x.View, x.View, 4));
    }

    [SkippableFact]
    public void Views_of_another_accelerator_are_rejected()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var other = context.CreateCpuAccelerator();
        using var foreign = other.Allocate1D<float>(4);
        using var local = accelerator.Allocate1D<float>(4);
        var saxpy = accelerator.LoadKernel(TestKernels.Saxpy);
        var error = Assert.Throws<ArgumentException>(() => saxpy.Launch(new KernelConfig(1, 32), 2f, foreign.View, local.View, 4));
        Assert.Contains("another accelerator", error.Message);
    }

    [SkippableFact]
    public void Disposing_the_context_frees_its_accelerators_and_buffers()
    {
        var (context, accelerator) = Open();
        var buffer = accelerator.Allocate1D<float>(8);
        context.Dispose();
        Assert.True(accelerator.IsDisposed);
        Assert.True(buffer.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => accelerator.Allocate1D<float>(1));
    }

    [SkippableTheory]
    [InlineData(false, 1)]
    [InlineData(false, 5)]
    [InlineData(true, 3)]
    public void Maml_meta_gradient_matches_the_double_precision_reference(bool firstOrder, int steps)
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var shape = MlpShape.Sinusoid;
        const int tasks = 4, train = 10, validation = 10;
        const float alpha = 0.01f;
        var theta = ToSingle(Theta(shape, 11));
        var data = SinusoidTasks(shape, tasks, train, validation, 12);
        var (xTrain, yTrain, xVal, yVal) = (ToSingle(data.XTrain), ToSingle(data.YTrain), ToSingle(data.XVal), ToSingle(data.YVal));

        using var maml = new CudaMaml(accelerator, shape, new MamlSettings(steps, alpha, firstOrder, train, validation, MaxTasks: 8, ThreadsPerBlock: 128));
        var mean = new float[shape.ParameterCount];
        var perTask = new float[tasks * shape.ParameterCount];
        var losses = new float[tasks];
        var meanLoss = maml.MetaGradient(theta, new MlpTaskBatch(tasks, xTrain, yTrain, xVal, yVal), mean, perTask, losses);

        var mlp = new MlpReference(shape);
        var expectedMean = new double[shape.ParameterCount];
        var expectedLosses = new double[tasks];
        for (var t = 0; t < tasks; t++)
        {
            var expected = new double[shape.ParameterCount];
            var task = new MlpTask(
                ToDouble(xTrain).AsSpan(t * train, train), ToDouble(yTrain).AsSpan(t * train, train),
                ToDouble(xVal).AsSpan(t * validation, validation), ToDouble(yVal).AsSpan(t * validation, validation));
            expectedLosses[t] = MamlReference.MetaGradient(mlp, ToDouble(theta), [alpha], task, steps, firstOrder, expected, default);
            var actual = ToDouble(perTask[(t * shape.ParameterCount)..((t + 1) * shape.ParameterCount)]);
            Assert.True(RelativeError(actual, expected) < MlpTolerance, $"task {t}: relative error {RelativeError(actual, expected)}");
            for (var i = 0; i < expected.Length; i++) expectedMean[i] += expected[i] / tasks;
        }
        Assert.True(RelativeError(ToDouble(mean), expectedMean) < MlpTolerance, $"mean: relative error {RelativeError(ToDouble(mean), expectedMean)}");
        Assert.True(RelativeError(ToDouble(losses), expectedLosses) < MlpTolerance);
        Assert.Equal(expectedLosses.Average(), meanLoss, MlpTolerance * expectedLosses.Average());
    }

    [SkippableFact]
    public void Meta_sgd_kernel_matches_the_double_precision_reference()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var shape = MlpShape.Sinusoid;
        const int tasks = 3, points = 8, steps = 2;
        var count = shape.ParameterCount;
        var theta = ToSingle(Theta(shape, 21));
        var rates = ToSingle([.. Uniform(count, 22).Select(r => 0.01 + 0.005 * r)]);
        var data = SinusoidTasks(shape, tasks, points, points, 23);
        var (xTrain, yTrain, xVal, yVal) = (ToSingle(data.XTrain), ToSingle(data.YTrain), ToSingle(data.XVal), ToSingle(data.YVal));
        var stride = shape.MamlScratchFloats(steps, points, points);

        using var thetaBuffer = accelerator.Allocate1D<float>(theta);
        using var ratesBuffer = accelerator.Allocate1D<float>(rates);
        using var xt = accelerator.Allocate1D<float>(xTrain);
        using var yt = accelerator.Allocate1D<float>(yTrain);
        using var xv = accelerator.Allocate1D<float>(xVal);
        using var yv = accelerator.Allocate1D<float>(yVal);
        using var scratch = accelerator.Allocate1D<float>(tasks * stride);
        using var metaGradients = accelerator.Allocate1D<float>(tasks * count);
        using var rateGradients = accelerator.Allocate1D<float>(tasks * count);
        using var losses = accelerator.Allocate1D<float>(tasks);
        accelerator.LoadKernel(MlpKernels.For(shape).MetaSgd).Launch(new KernelConfig(tasks, 256),
            thetaBuffer.View, ratesBuffer.View, xt.View, yt.View, points, xv.View, yv.View, points, steps, 0,
            scratch.View, stride, metaGradients.View, rateGradients.View, losses.View);
        var actualTheta = metaGradients.GetAsArray1D();
        var actualRates = rateGradients.GetAsArray1D();

        var mlp = new MlpReference(shape);
        for (var t = 0; t < tasks; t++)
        {
            var expectedTheta = new double[count];
            var expectedRates = new double[count];
            var task = new MlpTask(
                ToDouble(xTrain).AsSpan(t * points, points), ToDouble(yTrain).AsSpan(t * points, points),
                ToDouble(xVal).AsSpan(t * points, points), ToDouble(yVal).AsSpan(t * points, points));
            MamlReference.MetaGradient(mlp, ToDouble(theta), ToDouble(rates), task, steps, false, expectedTheta, expectedRates);
            Assert.True(RelativeError(ToDouble(actualTheta[(t * count)..((t + 1) * count)]), expectedTheta) < MlpTolerance);
            Assert.True(RelativeError(ToDouble(actualRates[(t * count)..((t + 1) * count)]), expectedRates) < MlpTolerance);
        }
    }

    [SkippableFact]
    public void Batched_hessian_vector_products_match_the_reference()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        var shape = MlpShape.Sinusoid;
        const int items = 3, points = 16;
        var count = shape.ParameterCount;
        var theta = ToSingle(Theta(shape, 31));
        var x = ToSingle(Uniform(items * points, 32, 5));
        var y = ToSingle(Uniform(items * points, 33, 3));
        var v = ToSingle(Uniform(items * count, 34));
        var stride = shape.ActivationScratchFloats(points);

        using var thetaBuffer = accelerator.Allocate1D<float>(theta);
        using var xBuffer = accelerator.Allocate1D<float>(x);
        using var yBuffer = accelerator.Allocate1D<float>(y);
        using var vBuffer = accelerator.Allocate1D<float>(v);
        using var hvBuffer = accelerator.Allocate1D<float>(items * count);
        using var scratch = accelerator.Allocate1D<float>(items * stride);
        accelerator.LoadKernel(MlpKernels.For(shape).HessianVectorProduct).Launch(new KernelConfig(items, 128),
            thetaBuffer.View, 0L, xBuffer.View, yBuffer.View, points, vBuffer.View, hvBuffer.View, scratch.View, stride);
        var actual = hvBuffer.GetAsArray1D();

        var mlp = new MlpReference(shape);
        for (var b = 0; b < items; b++)
        {
            var expected = new double[count];
            mlp.HessianVectorProduct(ToDouble(theta), ToDouble(x[(b * points)..((b + 1) * points)]),
                ToDouble(y[(b * points)..((b + 1) * points)]), ToDouble(v[(b * count)..((b + 1) * count)]), expected);
            Assert.True(RelativeError(ToDouble(actual[(b * count)..((b + 1) * count)]), expected) < MlpTolerance);
        }
    }

    [SkippableFact]
    public void Adam_update_matches_the_textbook_formula()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        const int count = 1000, step = 3;
        const float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        var theta = ToSingle(Uniform(count, 41));
        var gradient = ToSingle(Uniform(count, 42));
        var m = ToSingle(Uniform(count, 43, 0.1));
        var v = ToSingle([.. Uniform(count, 44, 0.01).Select(Math.Abs)]);
        using var thetaBuffer = accelerator.Allocate1D<float>(theta);
        using var gradientBuffer = accelerator.Allocate1D<float>(gradient);
        using var mBuffer = accelerator.Allocate1D<float>(m);
        using var vBuffer = accelerator.Allocate1D<float>(v);
        float correction1 = 1 - MathF.Pow(beta1, step), correction2 = 1 - MathF.Pow(beta2, step);
        accelerator.LoadKernel(UpdateKernels.Adam).Launch(UpdateKernels.ElementwiseConfig(count),
            thetaBuffer.View, gradientBuffer.View, mBuffer.View, vBuffer.View, count, lr, beta1, beta2, epsilon, correction1, correction2);
        var actual = thetaBuffer.GetAsArray1D();
        for (var i = 0; i < count; i++)
        {
            double mi = beta1 * (double)m[i] + (1 - beta1) * (double)gradient[i];
            double vi = beta2 * (double)v[i] + (1 - beta2) * (double)gradient[i] * gradient[i];
            var expected = theta[i] - lr * (mi / correction1) / (Math.Sqrt(vi / correction2) + epsilon);
            Assert.Equal(expected, actual[i], 1e-6);
        }
    }

    [SkippableFact]
    public void Mean_over_tasks_averages_columns()
    {
        var (context, accelerator) = Open();
        using var _ = context;
        const int tasks = 5, count = 300;
        var perTask = ToSingle(Uniform(tasks * count, 51));
        using var input = accelerator.Allocate1D<float>(perTask);
        using var mean = accelerator.Allocate1D<float>(count);
        accelerator.LoadKernel(UpdateKernels.MeanOverTasks).Launch(UpdateKernels.ElementwiseConfig(count), input.View, tasks, count, mean.View);
        var actual = mean.GetAsArray1D();
        for (var i = 0; i < count; i++)
            Assert.Equal(Enumerable.Range(0, tasks).Average(t => (double)perTask[t * count + i]), actual[i], 1e-6);
    }
}
