using MetaDsl.Meta;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// iMAML with <c>Device = </c> each accelerator present gives the CPU path's implicit meta-gradient and query loss: all inner
/// steps, inner steps that stop at a tolerance task by task, conjugate gradient stopping early, and meta-parameters.
/// </summary>
public abstract class DeviceImplicitMamlTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    /// <summary>
    /// Conjugate gradient amplifies the last-bit differences of the device's H·v products by the system's condition
    /// number, so iMAML gets a wider bound than one pass of a kernel: measured 3.5e-11 for SineMlp at lambda 10 (and
    /// 1.3e-6 at lambda 2, where I + H/lambda is nearly singular, so these cases use lambda 10).
    /// </summary>
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [InlineData(0.0, 10, 1e-10)]
    [InlineData(3.0, 10, 1e-10)]
    [InlineData(0.0, 3, 1e-2)]
    public void SineMlpMetaGradientEqualsTheCpuPath(double innerTolerance, int cgIterations, double cgTolerance)
        => Agree<global::MetaDsl.Learners.SineMlp>(new ImplicitMamlOptions
        {
            InnerSteps = 6, InnerLearningRate = 0.02, Regularization = 10, InnerTolerance = innerTolerance,
            ConjugateGradientIterations = cgIterations, ConjugateGradientTolerance = cgTolerance,
        });

    [SkippableFact]
    public void MetaParametersGetTheirImplicitGradient()
        => Agree<Learners.WeightedLossLearner>(new ImplicitMamlOptions { InnerSteps = 4, InnerLearningRate = 0.05, Regularization = 1 });

    private void Agree<L>(ImplicitMamlOptions options) where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(3);
        var tasks = Fixtures.Tasks<L>(3);
        var cpu = new double[theta.Length];
        var device = new double[theta.Length];
        var onCpu = new ImplicitMaml<L, double>(options);
        double cpuLoss = onCpu.MetaGradient(theta, tasks, cpu);
        var onDevice = new ImplicitMaml<L, double>(new ImplicitMamlOptions
        {
            InnerSteps = options.InnerSteps, InnerLearningRate = options.InnerLearningRate, Regularization = options.Regularization,
            InnerTolerance = options.InnerTolerance, ConjugateGradientIterations = options.ConjugateGradientIterations,
            ConjugateGradientTolerance = options.ConjugateGradientTolerance, Device = Accelerator,
        });
        double deviceLoss = onDevice.MetaGradient(theta, tasks, device);
        double error = DeviceAgreement.Check<double>(device, cpu, typeof(L).Name + " iMAML meta-gradient", Tolerance);
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], typeof(L).Name + " query loss");
        Assert.Equal(onCpu.LastConjugateGradientIterations, onDevice.LastConjugateGradientIterations);
        output.WriteLine($"{typeof(L).Name} iMAML: relative error {error:E2}, query loss {cpuLoss:R}, {onDevice.LastConjugateGradientIterations} CG iterations in the last task");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceImplicitMamlTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceImplicitMamlTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceImplicitMamlTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceImplicitMamlTests(fixture, output), IClassFixture<CudaDevice>;
