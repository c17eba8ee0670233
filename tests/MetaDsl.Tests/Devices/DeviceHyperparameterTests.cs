using MetaDsl.Hyperparameters;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// The hyperparameter tuner with <c>Device = </c> each accelerator present takes the CPU path's hyper-steps: the
/// training steps, the validation gradient and every H·v and mixed product of the Neumann series, conjugate gradient or
/// the unrolled steps run as launches, and the decays and weights after several hyper-steps equal the CPU run's.
/// </summary>
public abstract class DeviceHyperparameterTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    private static readonly MetaTask<double> s_data = Numerics.Task(22, inputs: 5, outputs: 1, support: 6, query: 40, target: (x, _) => 2 * x[0] - x[1]);

    [SkippableTheory]
    [InlineData(HypergradientMethod.Neumann)]
    [InlineData(HypergradientMethod.ConjugateGradient)]
    [InlineData(HypergradientMethod.Unrolled)]
    public void HyperStepsEqualTheCpuPath(HypergradientMethod method)
    {
        var device = Accelerator;
        var cpu = Start();
        var onDevice = Start();
        var cpuTuner = new HyperparameterTuner<DecayedRidge, double>(Options(method, Device.Cpu));
        var deviceTuner = new HyperparameterTuner<DecayedRidge, double>(Options(method, device));
        double cpuLoss = 0, deviceLoss = 0;
        for (int h = 0; h < 5; h++)
        {
            cpuLoss = cpuTuner.Step(cpu, s_data.Support, s_data.Query);
            deviceLoss = deviceTuner.Step(onDevice, s_data.Support, s_data.Query);
        }
        DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], $"{method} validation loss");
        double hyper = DeviceAgreement.Check<double>(deviceTuner.LastHypergradient, cpuTuner.LastHypergradient, $"{method} hypergradient");
        double parameters = DeviceAgreement.Check<double>(onDevice, cpu, $"{method} weights and decays");
        output.WriteLine($"{method}: relative error {hyper:E2} (last hypergradient), {parameters:E2} (weights and decays after five hyper-steps)");
    }

    private static HyperparameterTunerOptions Options(HypergradientMethod method, Device device) => new()
    {
        InnerSteps = 4, InnerLearningRate = 0.05, HyperLearningRate = 0.05, Method = method, Terms = 6, Device = device,
    };

    private static double[] Start()
    {
        var theta = new double[DecayedRidge.Info.ParameterCount];
        DecayedRidge.Initialize<double>(theta, 3);
        return theta;
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceHyperparameterTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceHyperparameterTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceHyperparameterTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceHyperparameterTests(fixture, output), IClassFixture<CudaDevice>;
