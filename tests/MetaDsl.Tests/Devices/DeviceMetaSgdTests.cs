using MetaDsl.Meta;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>Meta-SGD with <c>Device = </c> each accelerator present gives the CPU path's meta-gradient of theta and of the learned step sizes, both orders.</summary>
public abstract class DeviceMetaSgdTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableTheory]
    [InlineData(MetaGradientOrder.Second)]
    [InlineData(MetaGradientOrder.First)]
    public void SineMlpMetaGradientEqualsTheCpuPath(MetaGradientOrder order) => Agree<global::MetaDsl.Learners.SineMlp>(order);

    [SkippableFact]
    public void MetaParametersFlowThroughTheMixedProduct() => Agree<Learners.WeightedLossLearner>(MetaGradientOrder.Second);

    private void Agree<L>(MetaGradientOrder order) where L : ILearner<L>
    {
        var tasks = Fixtures.Tasks<L>(3);
        var cpuMethod = new MetaSgd<L, double>(new MetaSgdOptions { InnerSteps = 2, Order = order });
        var deviceMethod = new MetaSgd<L, double>(new MetaSgdOptions { InnerSteps = 2, Order = order, Device = Accelerator });
        var parameters = new double[cpuMethod.Length];
        Fixtures.Theta<L>(3).CopyTo(parameters, 0);
        var rates = Fixtures.Vector(L.Info.ParameterCount, 8);
        for (int i = 0; i < rates.Length; i++) parameters[L.Info.ParameterCount + i] = 0.05 + 0.01 * rates[i];
        var cpu = new double[parameters.Length];
        var device = new double[parameters.Length];
        double cpuLoss = cpuMethod.MetaGradient(parameters, tasks, cpu);
        double deviceLoss = deviceMethod.MetaGradient(parameters, tasks, device);
        int n = L.Info.ParameterCount;
        double thetaError = DeviceAgreement.Check<double>(device.AsSpan(0, n), cpu.AsSpan(0, n), typeof(L).Name + " theta meta-gradient");
        double rateError = DeviceAgreement.Check<double>(device.AsSpan(n), cpu.AsSpan(n), typeof(L).Name + " step-size meta-gradient");
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], typeof(L).Name + " query loss");
        output.WriteLine($"{typeof(L).Name} Meta-SGD {order}: relative errors {thetaError:E2} (theta), {rateError:E2} (step sizes)");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceMetaSgdTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceMetaSgdTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceMetaSgdTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceMetaSgdTests(fixture, output), IClassFixture<CudaDevice>;
