using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Derivatives;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta;
using MetaDsl.Tests.Meta.Fixtures;
using MetaDsl.Training;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>ProtoNet with <c>Device = </c> each accelerator present gives the CPU path's meta-gradient and loss on a meta-batch of three episodes.</summary>
public abstract class DeviceProtoNetTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    [SkippableFact]
    public void MetaGradientEqualsTheCpuPath()
    {
        var theta = Numerics.Theta<PointEmbedding>(30);
        var tasks = Episodes();
        double error = Agree<double>(theta, tasks);
        double errorFloat = Agree<float>(theta.Select(v => (float)v).ToArray(),
            tasks.Select(t => new MetaTask<float>(Fixtures.ToFloat(t.Support), Fixtures.ToFloat(t.Query))).ToArray());
        output.WriteLine($"protonet: relative error {error:E2} in double, {errorFloat:E2} in float");
    }

    [SkippableFact]
    public void OneEpisodeAndAnotherThetaAgreeToo()
    {
        // A device path that kept the first call's embeddings, or ignored theta, would pass one call but not a second at another theta.
        var tasks = Episodes();
        var protoNet = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions { Device = Accelerator });
        var cpu = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions());
        foreach (int seed in new[] { 31, 32 })
        {
            var theta = Numerics.Theta<PointEmbedding>(seed);
            var device = new double[theta.Length];
            var expected = new double[theta.Length];
            double deviceLoss = protoNet.MetaGradient(theta, tasks[0], device);
            double cpuLoss = cpu.MetaGradient(theta, tasks[0], expected);
            DeviceAgreement.Check<double>(device, expected, $"one episode at theta {seed}");
            DeviceAgreement.Check<double>([deviceLoss], [cpuLoss], $"its loss at theta {seed}");
        }
    }

    [SkippableFact]
    public void TheTrainerBuildsItOnTheDevice()
    {
        var algorithm = MetaAlgorithms.Create<PointEmbedding, double>("protonet", new MetaAlgorithmSettings { Device = Accelerator });
        var theta = Numerics.Theta<PointEmbedding>(33);
        var tasks = Episodes();
        var device = new double[theta.Length];
        var cpu = new double[theta.Length];
        double loss = algorithm.MetaGradient(theta, tasks, device);
        double cpuLoss = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions()).MetaGradient(theta, tasks, cpu);
        DeviceAgreement.Check<double>(device, cpu, "protonet built by name");
        DeviceAgreement.Check<double>([loss], [cpuLoss], "its loss");
    }

    private static MetaTask<double>[] Episodes() => [.. Enumerable.Range(0, 3).Select(t => ProtoNetTests.Episode(130 + t, oneHot: t == 1))];

    private double Agree<T>(T[] theta, MetaTask<T>[] tasks) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var cpu = new T[theta.Length];
        var device = new T[theta.Length];
        T cpuLoss = new ProtoNet<PointEmbedding, T>(new ProtoNetOptions()).MetaGradient(theta, tasks, cpu);
        var onDevice = new ProtoNet<PointEmbedding, T>(new ProtoNetOptions { Device = Accelerator });
        T deviceLoss = onDevice.MetaGradient(theta, tasks, device);
        double error = DeviceAgreement.Check<T>(device, cpu, $"protonet meta-gradient in {typeof(T).Name}");
        DeviceAgreement.Check<T>([deviceLoss], [cpuLoss], $"protonet query loss in {typeof(T).Name}");
        // Warm: a second meta-batch reuses every buffer and gives the same result.
        Array.Clear(device);
        onDevice.MetaGradient(theta, tasks, device);
        DeviceAgreement.Check<T>(device, cpu, $"protonet meta-gradient in {typeof(T).Name}, warm");
        return error;
    }
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceProtoNetTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceProtoNetTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceProtoNetTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceProtoNetTests(fixture, output), IClassFixture<CudaDevice>;
