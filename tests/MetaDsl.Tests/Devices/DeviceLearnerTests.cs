using System.Numerics;
using System.Reflection;
using MetaDsl.Tests.Derivatives;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// Every learner's generated ILGPU kernels, run batched on each accelerator present, give the CPU
/// path's loss, gradient, H·v, mixed product and [MetaLoss] gradient, task by task. Three tasks of five points and one warp
/// per task keep ILGPU's CPU accelerator (which runs each group's threads as OS threads) quick. A learner whose
/// loops are rolled on the CPU has no device kernels yet, and says so.
/// </summary>
public abstract class DeviceLearnerTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    private const int Tasks = 3, GroupSize = 32;

    [SkippableTheory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void BatchedProgramsEqualTheCpuPath(Type learner)
        => typeof(DeviceLearnerTests).GetMethod(nameof(Agree), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(learner).Invoke(this, BindingFlags.DoNotWrapExceptions, binder: null, parameters: null, culture: null);

    [SkippableFact]
    public void TasksOfDifferentShapesAreRefusedByName()
    {
        using var device = new DeviceLearner<global::MetaDsl.Learners.SineMlp, double>(Accelerator, GroupSize);
        var info = global::MetaDsl.Learners.SineMlp.Info;
        var theta = Fixtures.Theta<global::MetaDsl.Learners.SineMlp>(1);
        var batches = new[] { Fixtures.Batch(info.Inputs, 1, rows: 4), Fixtures.Batch(info.Inputs, 2, rows: 6) };
        var error = Assert.Throws<ArgumentException>(() => device.Loss(theta, batches, new double[2]));
        Assert.Contains("task 1", error.Message);
        Assert.Contains("SineMlp", error.Message);
    }

    [SkippableFact]
    public void AHandWrittenLearnerHasNoDeviceKernels()
    {
        var error = Assert.Throws<NotSupportedException>(() => new DeviceLearner<Meta.Fixtures.LinearRegression, double>(Accelerator));
        Assert.Contains("no generated device kernels", error.Message);
    }

    [SkippableFact]
    public void BadLabelsAreRefusedBeforeLaunch()
    {
        using var device = new DeviceLearner<Learners.SoftmaxClassifier, double>(Accelerator, GroupSize);
        var info = Learners.SoftmaxClassifier.Info;
        var batch = Fixtures.Batch(info.Inputs, 3);
        int labels = info.Inputs.ToList().FindIndex(i => i.Name == Fixtures.LabelsName);
        batch[labels].Data[0] = Fixtures.Classes;
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Loss(Fixtures.Theta<Learners.SoftmaxClassifier>(3), [batch], new double[1]));
    }

    private void Agree<L>() where L : ILearner<L>
    {
        if (L.DeviceProgram<double>() is null)
        {
            // Only a learner whose loops the CPU code rolls goes without device kernels (device code is not rolled yet).
            Assert.Equal(typeof(Learners.DeepLoopNet), typeof(L));
            Assert.Contains("loops are not rolled", Assert.Throws<NotSupportedException>(() => new DeviceLearner<L, double>(Accelerator)).Message);
            output.WriteLine($"{typeof(L).Name}: rolled loops, no device kernels");
            return;
        }
        int count = L.Info.ParameterCount;
        var thetas = new double[Tasks * count];
        var directions = new double[Tasks * count];
        var batches = new Batch<double>[Tasks];
        for (int t = 0; t < Tasks; t++)
        {
            Fixtures.Theta<L>(t + 1).CopyTo(thetas, t * count);
            Fixtures.Vector(count, t + 5).CopyTo(directions, t * count);
            batches[t] = Fixtures.Batch(L.Info.Inputs, t + 9);
        }
        var worst = Check<L, double>(thetas, batches, directions);
        var worstFloat = Check<L, float>(thetas.Select(v => (float)v).ToArray(), batches.Select(Fixtures.ToFloat).ToArray(), directions.Select(v => (float)v).ToArray());
        output.WriteLine($"{typeof(L).Name}: largest relative error {worst:E2} in double, {worstFloat:E2} in float");
    }

    private double Check<L, T>(T[] thetas, Batch<T>[] batches, T[] directions)
        where L : ILearner<L> where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = L.Info.ParameterCount;
        string name = typeof(L).Name + " " + typeof(T).Name;
        using var device = new DeviceLearner<L, T>(Accelerator, GroupSize);
        var losses = new T[Tasks];
        var results = new T[Tasks * count];
        var cpuLosses = new T[Tasks];
        var cpu = new T[Tasks * count];
        double worst = 0;

        device.Loss(thetas, batches, losses);
        for (int t = 0; t < Tasks; t++) cpuLosses[t] = L.Loss<T>(Row(thetas, t, count), batches[t]);
        worst = Math.Max(worst, DeviceAgreement.Check<T>(losses, cpuLosses, name + " loss"));

        device.Gradient(thetas, batches, results, losses);
        for (int t = 0; t < Tasks; t++) cpuLosses[t] = L.Gradient<T>(Row(thetas, t, count), batches[t], cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(results, cpu, name + " gradient"));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(losses, cpuLosses, name + " gradient's loss"));

        // One theta and one v shared by every task: the stride-0 rows of a launch.
        var shared = thetas.AsSpan(0, count).ToArray();
        var v = directions.AsSpan(0, count).ToArray();
        device.HessianVectorProduct(shared, batches, v, results);
        for (int t = 0; t < Tasks; t++) L.HessianVectorProduct<T>(shared, batches[t], v, cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(results, cpu, name + " H·v"));

        device.MixedProduct(thetas, batches, directions, results);
        for (int t = 0; t < Tasks; t++) L.MixedProduct<T>(Row(thetas, t, count), batches[t], Row(directions, t, count), cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(results, cpu, name + " mixed product"));

        device.MetaLossGradient(thetas, batches, results, losses);
        for (int t = 0; t < Tasks; t++) cpuLosses[t] = L.MetaLossGradient<T>(Row(thetas, t, count), batches[t], cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(results, cpu, name + " [MetaLoss] gradient"));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(losses, cpuLosses, name + " [MetaLoss]"));
        return worst;
    }

    private static ReadOnlySpan<T> Row<T>(T[] rows, int task, int count) => rows.AsSpan(task * count, count);
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceLearnerTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceLearnerTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceLearnerTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceLearnerTests(fixture, output), IClassFixture<CudaDevice>;
