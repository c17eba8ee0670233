using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;
using MetaDsl.Kernels.Gpu.Mlp;
using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Optimizers;
using Xunit.Abstractions;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>
/// The hand-written device kernels against the CPU path (generated <see cref="SineMlp"/>, the
/// meta-learning algorithms and optimizers of MetaDsl), one suite run on every accelerator present,
/// as ILGPU's own tests are. Sizes are small: ILGPU's CPU accelerator runs each group thread as a
/// CPU thread. The 1-40-40-1 network matches <see cref="MlpShape.Sinusoid"/>.
/// </summary>
public abstract class DeviceKernelSuite(AcceleratorFixture fixture, ITestOutputHelper output)
{
    private const int Tasks = 3, SupportPoints = 5, QueryPoints = 4;

    private Accelerator Accelerator
    {
        get
        {
            Skip.If(fixture.Accelerator is null, fixture.SkipReason);
            return fixture.Accelerator!;
        }
    }

    [SkippableFact]
    public void SinusoidShapeIsTheGeneratedSineMlpLayout()
    {
        _ = Accelerator;
        var info = SineMlp.Info;
        Assert.Equal(info.ParameterCount, MlpShape.Sinusoid.ParameterCount);
        Assert.Equal([1, 40], info.Parameters[0].Shape);
        Assert.Equal([40, 1], info.Parameters[4].Shape);
    }

    [SkippableTheory]
    [InlineData(MetaGradientOrder.Second, false)]
    [InlineData(MetaGradientOrder.First, false)]
    [InlineData(MetaGradientOrder.Second, true)]
    public void MamlMetaGradientEqualsCpuDouble(MetaGradientOrder order, bool multiStep) => MamlMetaGradientEqualsCpu<double>(order, multiStep);

    [SkippableTheory]
    [InlineData(MetaGradientOrder.Second, false)]
    [InlineData(MetaGradientOrder.First, true)]
    public void MamlMetaGradientEqualsCpuFloat(MetaGradientOrder order, bool multiStep) => MamlMetaGradientEqualsCpu<float>(order, multiStep);

    [SkippableTheory]
    [InlineData(MetaGradientOrder.Second)]
    [InlineData(MetaGradientOrder.First)]
    public void MetaSgdGradientsEqualCpuDouble(MetaGradientOrder order) => MetaSgdGradientsEqualCpu<double>(order);

    [SkippableFact]
    public void MetaSgdGradientsEqualCpuFloat() => MetaSgdGradientsEqualCpu<float>(MetaGradientOrder.Second);

    [SkippableFact]
    public void BatchedHessianVectorProductsEqualCpuDouble() => BatchedHessianVectorProductsEqualCpu<double>();

    [SkippableFact]
    public void BatchedHessianVectorProductsEqualCpuFloat() => BatchedHessianVectorProductsEqualCpu<float>();

    [SkippableTheory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void AdamStepsEqualCpuDouble(double weightDecay) => AdamStepsEqualCpu<double>(weightDecay);

    [SkippableTheory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void AdamStepsEqualCpuFloat(double weightDecay) => AdamStepsEqualCpu<float>(weightDecay);

    [SkippableFact]
    public void GroupSmallerThanTheNetworkStillCoversEveryParameter()
    {
        // 32 threads for 1,761 parameters and 40-wide layers: every strided loop runs many rounds.
        var data = new SinusoidTasks<double>(2, SupportPoints, QueryPoints, seed: 5);
        var theta = SinusoidTasks<double>.Theta(MlpShape.Sinusoid.ParameterCount, seed: 6);
        var options = new MamlOptions { InnerSteps = 1, InnerLearningRate = 0.05 };
        var cpu = new double[theta.Length];
        new Maml<SineMlp, double>(options).MetaGradient(theta, data.Tasks, cpu);
        using var device = new MlpMetaGradient<double>(Accelerator, MlpShape.Sinusoid, 1, secondOrder: true, RateLayout.PerStep,
            queryWeights: null, SupportPoints, QueryPoints, maxTasks: 2, groupSize: 32);
        var gradient = new double[theta.Length];
        device.MetaGradient(theta, [0.05], 2, data.Xs, data.Ys, data.Xq, data.Yq, gradient);
        Agreement.Check<double>(gradient, cpu, "MAML with 32 threads a group");
    }

    [SkippableFact]
    public void AnAllocationThatDoesNotFitNamesWhatAndForWhom()
    {
        // 2^50 doubles (8 PiB) exceed any machine, so the allocation fails in the accelerator, not in a test-size check.
        var accelerator = Accelerator;
        var error = Assert.Throws<DeviceOutOfMemoryException>(() => DeviceAllocation.Allocate<double>(accelerator, 1L << 50, "SineMlp", "scratch"));
        Assert.Contains("SineMlp", error.Message);
        Assert.Contains("scratch", error.Message);
        Assert.Contains("bytes", error.Message);
        output.WriteLine(error.Message);
    }

    [SkippableFact]
    public void KernelIlgpuCannotCompileNamesLearnerKernelAndIlgpusMessage()
    {
        var accelerator = Accelerator;
        var error = Assert.Throws<KernelCompilationException>(() => KernelLoader.Load("DemoLearner", "Convert",
            () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(ConvertThroughReflection)));
        Assert.Equal("DemoLearner", error.Learner);
        Assert.Equal("Convert", error.Kernel);
        Assert.Contains("'Convert'", error.Message);
        Assert.Contains("'DemoLearner'", error.Message);
        Assert.Contains(error.InnerException!.Message, error.Message);
    }

    // double.CreateTruncating<T> reaches typeof(T), which ILGPU cannot compile: a real compile failure.
    private static void ConvertThroughReflection(Index1D i, ArrayView<double> values) => values[i] = double.CreateTruncating(values[i]);

    private void MamlMetaGradientEqualsCpu<T>(MetaGradientOrder order, bool multiStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int steps = 2;
        double[] rates = [0.03, 0.02];   // per-step alpha, so step k must read its own rate
        double[]? weights = multiStep ? [0.5, 0.0, 1.0] : null;
        var data = new SinusoidTasks<T>(Tasks, SupportPoints, QueryPoints, seed: 1);
        var theta = SinusoidTasks<T>.Theta(MlpShape.Sinusoid.ParameterCount, seed: 2);
        var cpu = new T[theta.Length];
        T cpuLoss = new Maml<SineMlp, T>(new MamlOptions { InnerSteps = steps, InnerLearningRates = rates, Order = order, QueryLossWeights = weights })
            .MetaGradient(theta, data.Tasks, cpu);

        using var device = new MlpMetaGradient<T>(Accelerator, MlpShape.Sinusoid, steps, order == MetaGradientOrder.Second, RateLayout.PerStep,
            weights?.Select(T.CreateChecked).ToArray(), SupportPoints, QueryPoints, Tasks);
        var gradient = new T[theta.Length];
        T loss = device.MetaGradient(theta, [.. rates.Select(T.CreateChecked)], Tasks, data.Xs, data.Ys, data.Xq, data.Yq, gradient);

        double error = Agreement.Check<T>(gradient, cpu, $"MAML {order} meta-gradient");
        Agreement.Check<T>([loss], [cpuLoss], "MAML query loss");
        output.WriteLine($"MAML {order}, multi-step {multiStep}, {typeof(T).Name}: max relative error {error:E2}");
    }

    private void MetaSgdGradientsEqualCpu<T>(MetaGradientOrder order) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int steps = 2;
        var data = new SinusoidTasks<T>(Tasks, SupportPoints, QueryPoints, seed: 3);
        var theta = SinusoidTasks<T>.Theta(MlpShape.Sinusoid.ParameterCount, seed: 4);
        var random = new Random(7);
        var rates = Enumerable.Range(0, theta.Length).Select(_ => T.CreateChecked(0.01 + 0.04 * random.NextDouble())).ToArray();
        var cpuTheta = new T[theta.Length];
        var cpuRates = new T[theta.Length];
        T cpuLoss = new MetaSgd<SineMlp, T>(new MetaSgdOptions { InnerSteps = steps, Order = order })
            .MetaGradient(theta, rates, data.Tasks, cpuTheta, cpuRates);

        using var device = new MlpMetaGradient<T>(Accelerator, MlpShape.Sinusoid, steps, order == MetaGradientOrder.Second, RateLayout.PerParameter,
            queryWeights: null, SupportPoints, QueryPoints, Tasks);
        var thetaGradient = new T[theta.Length];
        var rateGradient = new T[theta.Length];
        T loss = device.MetaGradient(theta, rates, Tasks, data.Xs, data.Ys, data.Xq, data.Yq, thetaGradient, rateGradient);

        double thetaError = Agreement.Check<T>(thetaGradient, cpuTheta, $"Meta-SGD {order} theta gradient");
        double rateError = Agreement.Check<T>(rateGradient, cpuRates, $"Meta-SGD {order} rate gradient");
        Agreement.Check<T>([loss], [cpuLoss], "Meta-SGD query loss");
        output.WriteLine($"Meta-SGD {order}, {typeof(T).Name}: theta {thetaError:E2}, rates {rateError:E2}");
    }

    private void BatchedHessianVectorProductsEqualCpu<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = MlpShape.Sinusoid.ParameterCount;
        var data = new SinusoidTasks<T>(Tasks, SupportPoints, QueryPoints, seed: 8);
        var thetas = SinusoidTasks<T>.Theta(Tasks * count, seed: 9);
        var directions = SinusoidTasks<T>.Theta(Tasks * count, seed: 10);
        var cpu = new T[Tasks * count];
        var cpuLosses = new T[Tasks];
        for (int t = 0; t < Tasks; t++)
        {
            var theta = thetas.AsSpan(t * count, count);
            SineMlp.HessianVectorProduct<T>(theta, data.Tasks[t].Support, directions.AsSpan(t * count, count), cpu.AsSpan(t * count, count));
            cpuLosses[t] = SineMlp.Loss<T>(theta, data.Tasks[t].Support);
        }

        using var device = new MlpHessianVectorProducts<T>(Accelerator, MlpShape.Sinusoid, SupportPoints, Tasks);
        var products = new T[Tasks * count];
        var losses = new T[Tasks];
        device.Compute(Tasks, thetas, directions, data.Xs, data.Ys, products, losses);

        double error = Agreement.Check<T>(products, cpu, "batched H·v");
        Agreement.Check<T>(losses, cpuLosses, "batched H·v losses");
        output.WriteLine($"batched H·v, {typeof(T).Name}: max relative error {error:E2}");
    }

    private void AdamStepsEqualCpu<T>(double weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int length = 1000, steps = 5;
        T lr = T.CreateChecked(0.01), decay = T.CreateChecked(weightDecay);
        T beta1 = T.CreateChecked(0.9), beta2 = T.CreateChecked(0.999), epsilon = T.CreateChecked(1e-8);
        IOptimizer<T> cpu = weightDecay == 0 ? new Adam<T>(length, lr) : new AdamW<T>(length, lr, decay);
        using var device = new DeviceAdam<T>(Accelerator, length, beta1, beta2, epsilon, decay);
        var cpuTheta = SinusoidTasks<T>.Theta(length, seed: 11);
        var deviceTheta = (T[])cpuTheta.Clone();
        for (int step = 0; step < steps; step++)
        {
            var gradient = SinusoidTasks<T>.Theta(length, seed: 20 + step);
            cpu.Step(cpuTheta, gradient);
            device.Step(deviceTheta, gradient, lr);
        }
        double error = Agreement.Check<T>(deviceTheta, cpuTheta, weightDecay == 0 ? "Adam" : "AdamW");
        output.WriteLine($"{(weightDecay == 0 ? "Adam" : "AdamW")}, {typeof(T).Name}, {steps} steps: max relative error {error:E2}");
    }
}
