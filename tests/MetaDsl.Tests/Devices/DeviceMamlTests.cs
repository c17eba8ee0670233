using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>MAML with <c>Device = </c> each accelerator present gives the CPU path's meta-gradient and loss, both orders, with and without meta-parameters and a [MetaLoss], and so do BMG, ML³ and NPBML.</summary>
public abstract class DeviceMamlTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableTheory]
    [InlineData(MetaGradientOrder.Second, false)]
    [InlineData(MetaGradientOrder.First, false)]
    [InlineData(MetaGradientOrder.First, true)]
    public void SineMlpMetaGradientEqualsTheCpuPath(MetaGradientOrder order, bool multiStepLoss)
        => Agree<global::MetaDsl.Learners.SineMlp>(new MamlOptions
        {
            InnerSteps = 2,
            InnerLearningRates = [0.05, 0.02],
            Order = order,
            QueryLossWeights = multiStepLoss ? [0.2, 0.3, 0.5] : null,
        });

    [SkippableFact]
    public void MetaParametersFlowThroughTheMixedProduct()
        => Agree<Learners.WeightedLossLearner>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.05, QueryLossWeights = [0.1, 0.4, 0.5] });

    [SkippableFact]
    public void ALearnedLossIsJudgedByItsMetaLoss()
        => Agree<global::MetaDsl.Learners.LearnedLossGaussianClassifier>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.3, QueryLossWeights = [0, 0.5, 0.5] });

    [SkippableTheory]
    [InlineData(BootstrapMatching.SquaredDistance)]
    [InlineData(BootstrapMatching.KullbackLeibler)]
    public void BmgMatchesItsBootstrappedTargetOnTheDeviceAsOnTheCpu(BootstrapMatching matching)
        => Agree<Learners.SoftmaxClassifier>(new MamlOptions { InnerSteps = 2, InnerLearningRate = 0.2, BootstrapSteps = 3, BootstrapMatching = matching });

    [SkippableFact]
    public void BmgMetaLearnsAnUpdateRuleOnTheDeviceAsOnTheCpu()
        => Agree<global::MetaDsl.Learners.NpbmlGaussianClassifier>(new MamlOptions { InnerSteps = 1, InnerLearningRate = 0.1, BootstrapSteps = 2 });

    [SkippableFact]
    public void NpbmlLearnsWarpFilmAndLossOnTheDeviceAsOnTheCpu()
    {
        var theta = Fixtures.Theta<global::MetaDsl.Learners.NpbmlGaussianClassifier>(5);
        var tasks = Fixtures.Tasks<global::MetaDsl.Learners.NpbmlGaussianClassifier>(3);
        var cpu = new double[theta.Length];
        var device = new double[theta.Length];
        var settings = new MetaDsl.Training.MetaAlgorithmSettings { InnerSteps = 2, InnerLearningRate = 0.1 };
        double cpuLoss = MetaDsl.Training.MetaAlgorithms.Create<global::MetaDsl.Learners.NpbmlGaussianClassifier, double>("npbml", settings).MetaGradient(theta, tasks, cpu);
        double deviceLoss = MetaDsl.Training.MetaAlgorithms.Create<global::MetaDsl.Learners.NpbmlGaussianClassifier, double>("npbml",
            new MetaDsl.Training.MetaAlgorithmSettings { InnerSteps = 2, InnerLearningRate = 0.1, Device = Accelerator }).MetaGradient(theta, tasks, device);
        output.WriteLine($"npbml: relative error {DeviceAgreement.Check<double>(device, cpu, "npbml meta-gradient"):E2}");
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], "npbml query loss");
    }

    [SkippableFact]
    public void Ml3TrainsEveryTasksFreshModelOnTheDeviceAsOnTheCpu()
    {
        var theta = Fixtures.Theta<global::MetaDsl.Learners.LearnedLossGaussianClassifier>(4);
        var info = global::MetaDsl.Learners.LearnedLossGaussianClassifier.Info;
        var tasks = Enumerable.Range(0, 3).Select(t => new MetaTask<double>(Fixtures.Batch(info.Inputs, 30 + t), Fixtures.Batch(info.Inputs, 40 + t))).ToArray();
        var cpu = new double[theta.Length];
        var device = new double[theta.Length];
        double cpuLoss = new Ml3<global::MetaDsl.Learners.LearnedLossGaussianClassifier, double>(new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.3 }).MetaGradient(theta, tasks, cpu);
        double deviceLoss = new Ml3<global::MetaDsl.Learners.LearnedLossGaussianClassifier, double>(
            new MamlOptions { InnerSteps = 3, InnerLearningRate = 0.3, Device = Accelerator }).MetaGradient(theta, tasks, device);
        output.WriteLine($"ml3: relative error {DeviceAgreement.Check<double>(device, cpu, "ml3 meta-gradient"):E2}");
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], "ml3 query loss");
    }

    private void Agree<L>(MamlOptions cpuOptions) where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(3);
        var tasks = Fixtures.Tasks<L>(3);
        var cpu = new double[theta.Length];
        var device = new double[theta.Length];
        double cpuLoss = new Maml<L, double>(cpuOptions).MetaGradient(theta, tasks, cpu);
        var onDevice = new MamlOptions
        {
            InnerSteps = cpuOptions.InnerSteps,
            InnerLearningRate = cpuOptions.InnerLearningRate,
            InnerLearningRates = cpuOptions.InnerLearningRates,
            Order = cpuOptions.Order,
            QueryLossWeights = cpuOptions.QueryLossWeights,
            BootstrapSteps = cpuOptions.BootstrapSteps,
            BootstrapMatching = cpuOptions.BootstrapMatching,
            Device = Accelerator,
        };
        double deviceLoss = new Maml<L, double>(onDevice).MetaGradient(theta, tasks, device);
        double error = DeviceAgreement.Check<double>(device, cpu, typeof(L).Name + " meta-gradient");
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], typeof(L).Name + " query loss");
        output.WriteLine($"{typeof(L).Name} {cpuOptions.Order}: relative error {error:E2}");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceMamlTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceMamlTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceMamlTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceMamlTests(fixture, output), IClassFixture<CudaDevice>;
