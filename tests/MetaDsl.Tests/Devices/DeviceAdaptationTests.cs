using MetaDsl.Tests.Derivatives;
using MetaDsl.Training;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// Test-time adaptation (what evaluation scores) with <c>Device = </c> each accelerator present takes the CPU path's
/// steps for every method that adapts by gradient steps: plain steps (Reptile's and iMAML's test-time SGD too), ANIL's head,
/// Meta-SGD's learned sizes, ML³'s fresh models, NPBML's and BMG's learned rules; past the trained steps, as evaluation runs them.
/// </summary>
public abstract class DeviceAdaptationTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableTheory]
    [InlineData("maml")]
    [InlineData("fomaml")]
    [InlineData("anil")]
    [InlineData("metasgd")]
    [InlineData("reptile")]
    [InlineData("imaml")]
    public void SineMlpAdaptsOnTheDeviceAsOnTheCpu(string algorithm) => Agree<global::MetaDsl.Learners.SineMlp>(algorithm);

    [SkippableTheory]
    [InlineData("ml3")]
    [InlineData("npbml")]
    [InlineData("bmg")]
    public void LearnedRulesAdaptOnTheDeviceAsOnTheCpu(string algorithm) => Agree<global::MetaDsl.Learners.NpbmlGaussianClassifier>(algorithm);

    private void Agree<L>(string algorithm) where L : ILearner<L>
    {
        var settings = new MetaAlgorithmSettings { InnerSteps = 2, InnerLearningRate = 0.05 };
        var onCpu = MetaAlgorithms.Create<L, double>(algorithm, settings);
        var onDevice = MetaAlgorithms.Create<L, double>(algorithm, new MetaAlgorithmSettings { InnerSteps = 2, InnerLearningRate = 0.05, Device = Accelerator });
        var parameters = new double[onCpu.Length];
        Fixtures.Theta<L>(3).CopyTo(parameters, 0);
        for (int i = L.Info.ParameterCount; i < parameters.Length; i++) parameters[i] = 0.04 + 0.001 * (i % 7);
        var support = Fixtures.Tasks<L>(1)[0].Support;
        var cpu = new double[L.Info.ParameterCount];
        var device = new double[L.Info.ParameterCount];
        onCpu.Adapt(parameters, support, 4, cpu);
        onDevice.Adapt(parameters, support, 4, device);
        double error = DeviceAgreement.Check<double>(device, cpu, $"{algorithm} on {typeof(L).Name}: adapted parameters");
        output.WriteLine($"{algorithm} on {typeof(L).Name}: relative error {error:E2} after four steps");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceAdaptationTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceAdaptationTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceAdaptationTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceAdaptationTests(fixture, output), IClassFixture<CudaDevice>;
