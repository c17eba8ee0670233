using MetaDsl.Embedding;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// The embedding API's fine-tuning with <c>Device = </c> each accelerator present gives the CPU path's adapted model
/// (every step's gradient one launch), with [MetaParam]s held, and from several threads at once.
/// </summary>
public abstract class DeviceAdapterTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableFact]
    public void AdaptedModelsEqualTheCpuPath() => Agree<global::MetaDsl.Learners.SineMlp>();

    [SkippableFact]
    public void MetaParametersStayWhereTheyWere() => Agree<Learners.WeightedLossLearner>();

    [SkippableFact]
    public void ThreadsAdaptingAtOnceGetTheSerialResults()
    {
        var device = Accelerator;
        var theta = Fixtures.Theta<global::MetaDsl.Learners.SineMlp>(4);
        var tasks = Fixtures.Tasks<global::MetaDsl.Learners.SineMlp>(4);
        var adapter = new Adapter<global::MetaDsl.Learners.SineMlp, double>(theta, new AdapterOptions { Steps = 2, LearningRate = 0.05, Device = device });
        var serial = tasks.Select(t => adapter.Adapt(t.Support).Parameters.ToArray()).ToArray();
        var parallel = new double[tasks.Length][];
        Parallel.For(0, tasks.Length, t => parallel[t] = adapter.Adapt(tasks[t].Support).Parameters.ToArray());
        for (int t = 0; t < tasks.Length; t++) Assert.Equal(serial[t], parallel[t]);
    }

    private void Agree<L>() where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(3);
        var support = Fixtures.Tasks<L>(1)[0].Support;
        var cpu = new Adapter<L, double>(theta, new AdapterOptions { Steps = 3, LearningRate = 0.05 }).Adapt(support).Parameters.ToArray();
        var device = new Adapter<L, double>(theta, new AdapterOptions { Steps = 3, LearningRate = 0.05, Device = Accelerator }).Adapt(support).Parameters.ToArray();
        double error = DeviceAgreement.Check<double>(device, cpu, typeof(L).Name + " adapted parameters");
        for (int i = 0; i < theta.Length; i++)
            if (Meta.Fixtures.Numerics.IsMeta<L>(i)) Assert.Equal(theta[i], device[i]);
        output.WriteLine($"{typeof(L).Name}: relative error {error:E2} after three steps");
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceAdapterTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceAdapterTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceAdapterTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceAdapterTests(fixture, output), IClassFixture<CudaDevice>;
