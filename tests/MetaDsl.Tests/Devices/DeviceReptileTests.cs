using MetaDsl.Meta;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>Reptile with <c>Device = </c> each accelerator present gives the CPU path's direction and query loss, over the whole support set or minibatch windows, with meta-parameters held.</summary>
public abstract class DeviceReptileTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(3)]
    public void SineMlpDirectionEqualsTheCpuPath(int innerBatchSize) => Agree<global::MetaDsl.Learners.SineMlp>(innerBatchSize);

    [SkippableFact]
    public void MetaParametersDoNotMove() => Agree<Learners.WeightedLossLearner>(0);

    private void Agree<L>(int innerBatchSize) where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(3);
        var tasks = Fixtures.Tasks<L>(3);
        var cpu = new double[theta.Length];
        var device = new double[theta.Length];
        var options = new ReptileOptions { InnerSteps = 3, InnerLearningRate = 0.05, InnerBatchSize = innerBatchSize };
        double cpuLoss = new Reptile<L, double>(options).MetaGradient(theta, tasks, cpu);
        var onDevice = new ReptileOptions { InnerSteps = 3, InnerLearningRate = 0.05, InnerBatchSize = innerBatchSize, Device = Accelerator };
        double deviceLoss = new Reptile<L, double>(onDevice).MetaGradient(theta, tasks, device);
        double error = DeviceAgreement.Check<double>(device, cpu, typeof(L).Name + " Reptile direction");
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], typeof(L).Name + " query loss");
        for (int i = 0; i < theta.Length; i++)
            if (Meta.Fixtures.Numerics.IsMeta<L>(i)) Assert.Equal(0, device[i]);
        output.WriteLine($"{typeof(L).Name} Reptile, inner batch {innerBatchSize}: relative error {error:E2}");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceReptileTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceReptileTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceReptileTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceReptileTests(fixture, output), IClassFixture<CudaDevice>;
