using System.Numerics;
using System.Reflection;
using MetaDsl.Tests.Derivatives;
using MetaDsl.Tests.Learners;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Devices;

/// <summary>
/// The generated <c>[Forward]</c> kernels, run batched on each accelerator present, give the CPU <c>Predict</c> and
/// <c>PredictPullback</c> task by task, with one theta per task and with one shared; sizes that do not fit are refused by
/// argument name. Three tasks of five points and one warp per task keep ILGPU's CPU accelerator quick.
/// </summary>
public abstract class DeviceForwardTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>The accelerator of this run of the suite; skips the test, with the reason, when it is absent.</summary>
    private Device Accelerator => fixture.Device;

    private const int Tasks = 3, GroupSize = 32;

    /// <summary>The learners of the derivative suite that have a <c>[Forward]</c>.</summary>
    public static TheoryData<Type> WithForward()
    {
        var data = new TheoryData<Type>();
        foreach (var type in LearnerCases.Models.Concat(LearnerCases.Ops))
        {
            var info = (LearnerInfo)type.GetProperty("Info", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            if (info.ForwardInputs.Count > 0) data.Add(type);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(WithForward))]
    public void PredictAndPullbackEqualTheCpuPath(Type learner)
        => typeof(DeviceForwardTests).GetMethod(nameof(Agree), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(learner).Invoke(this, BindingFlags.DoNotWrapExceptions, binder: null, parameters: null, culture: null);

    [SkippableFact]
    public void SizesThatDoNotFitAreRefusedByArgument()
    {
        using var device = new DeviceLearner<PointEmbedding, double>(Accelerator, GroupSize);
        var (thetas, batches, cotangents) = Fixture<PointEmbedding>();
        int count = PointEmbedding.Info.ParameterCount, output = cotangents.Length / Tasks;
        AssertRefused(() => device.Predict(thetas, batches, new double[Tasks * output - 1]), "outputs", $"{Tasks * output} values ({output} each), got {Tasks * output - 1}");
        AssertRefused(() => device.PredictPullback(thetas, batches, cotangents.AsSpan(1), new double[Tasks * count]), "cotangents", $"got {cotangents.Length - 1}");
        AssertRefused(() => device.PredictPullback(thetas, batches, cotangents, new double[count]), "gradients", $"{Tasks * count} values ({count} each), got {count}");
        AssertRefused(() => device.Predict(thetas.AsSpan(1), batches, new double[Tasks * output]), "thetas", $"{thetas.Length - 1} values");
    }

    [SkippableFact]
    public void AWrongCotangentGivesAnotherPullback()
    {
        // The agreement above could not tell a kernel that ignores its cotangent rows from one that reads them: this can.
        using var device = new DeviceLearner<PointEmbedding, double>(Accelerator, GroupSize);
        var (thetas, batches, cotangents) = Fixture<PointEmbedding>();
        int count = PointEmbedding.Info.ParameterCount, output = cotangents.Length / Tasks;
        var cpu = new double[Tasks * count];
        for (int t = 0; t < Tasks; t++)
            PointEmbedding.PredictPullback<double>(thetas.AsSpan(t * count, count), batches[t], cotangents.AsSpan(t * output, output), cpu.AsSpan(t * count, count));
        cotangents[^1] += 1;
        var device1 = new double[Tasks * count];
        device.PredictPullback(thetas, batches, cotangents, device1);
        DeviceAgreement.Check<double>(device1.AsSpan(0, (Tasks - 1) * count), cpu.AsSpan(0, (Tasks - 1) * count), "the untouched tasks");
        double moved = device1.AsSpan((Tasks - 1) * count).ToArray().Zip(cpu.AsSpan((Tasks - 1) * count).ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(moved > 1e-3, $"the last task's pull-back moved by only {moved:E2}");
    }

    [SkippableFact]
    public void ALearnerWithoutAForwardHasNoForwardKernels()
    {
        using var device = new DeviceLearner<OpAdd, double>(Accelerator, GroupSize);
        var batches = new[] { Fixtures.Batch(OpAdd.Info.Inputs, 1) };
        var error = Assert.Throws<NotSupportedException>(() => device.Predict(Fixtures.Theta<OpAdd>(1), batches, new double[15]));
        Assert.Contains("OpAdd has no generated [Forward] kernels", error.Message);
    }

    private static void AssertRefused(Action call, string argument, string sizes)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("PointEmbedding", error.Message);
        Assert.Contains(sizes, error.Message);
    }

    private void Agree<L>() where L : ILearner<L>
    {
        if (L.DeviceProgram<double>()?.Forward is null)
        {
            // Only a learner whose loops the CPU code rolls goes without [Forward] kernels (device code is not rolled yet).
            Assert.Equal(typeof(Learners.DeepLoopNet), typeof(L));
            output.WriteLine($"{typeof(L).Name}: rolled loops, no device kernels");
            return;
        }
        var (thetas, batches, cotangents) = Fixture<L>();
        double worst = Check<L, double>(thetas, batches, cotangents);
        double worstFloat = Check<L, float>(thetas.Select(v => (float)v).ToArray(), batches.Select(Fixtures.ToFloat).ToArray(), cotangents.Select(v => (float)v).ToArray());
        output.WriteLine($"{typeof(L).Name}: largest relative error {worst:E2} in double, {worstFloat:E2} in float");
    }

    /// <summary>One theta, one batch of [Forward] inputs and one cotangent per task.</summary>
    private static (double[] Thetas, Batch<double>[] Batches, double[] Cotangents) Fixture<L>() where L : ILearner<L>
    {
        int count = L.Info.ParameterCount;
        var thetas = new double[Tasks * count];
        var batches = new Batch<double>[Tasks];
        for (int t = 0; t < Tasks; t++)
        {
            Fixtures.Theta<L>(t + 1).CopyTo(thetas, t * count);
            batches[t] = Fixtures.Batch(L.Info.ForwardInputs, t + 9);
        }
        int output = L.Info.OutputLength(batches[0]);
        return (thetas, batches, Fixtures.Vector(Tasks * output, 17));
    }

    private double Check<L, T>(T[] thetas, Batch<T>[] batches, T[] cotangents)
        where L : ILearner<L> where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = L.Info.ParameterCount, output = cotangents.Length / Tasks;
        string name = typeof(L).Name + " " + typeof(T).Name;
        using var device = new DeviceLearner<L, T>(Accelerator, GroupSize);
        var outputs = new T[Tasks * output];
        var cpuOutputs = new T[Tasks * output];
        var gradients = new T[Tasks * count];
        var cpu = new T[Tasks * count];
        double worst = 0;

        device.Predict(thetas, batches, outputs);
        for (int t = 0; t < Tasks; t++) L.Predict<T>(Row(thetas, t, count), batches[t], cpuOutputs.AsSpan(t * output, output));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(outputs, cpuOutputs, name + " Predict"));

        device.PredictPullback(thetas, batches, cotangents, gradients);
        for (int t = 0; t < Tasks; t++) L.PredictPullback<T>(Row(thetas, t, count), batches[t], Row(cotangents, t, output), cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(gradients, cpu, name + " PredictPullback"));

        // One theta shared by every task: the stride-0 rows of a launch.
        var shared = thetas.AsSpan(0, count).ToArray();
        device.Predict(shared, batches, outputs);
        for (int t = 0; t < Tasks; t++) L.Predict<T>(shared, batches[t], cpuOutputs.AsSpan(t * output, output));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(outputs, cpuOutputs, name + " Predict, shared theta"));

        device.PredictPullback(shared, batches, cotangents, gradients);
        for (int t = 0; t < Tasks; t++) L.PredictPullback<T>(shared, batches[t], Row(cotangents, t, output), cpu.AsSpan(t * count, count));
        worst = Math.Max(worst, DeviceAgreement.Check<T>(gradients, cpu, name + " PredictPullback, shared theta"));
        return worst;
    }

    private static ReadOnlySpan<T> Row<T>(T[] rows, int task, int count) => rows.AsSpan(task * count, count);
}

/// <summary>The suite on ILGPU's CPU accelerator.</summary>
public sealed class DeviceForwardTestsOnIlgpuCpu(IlgpuCpuDevice fixture, ITestOutputHelper output) : DeviceForwardTests(fixture, output), IClassFixture<IlgpuCpuDevice>;

/// <summary>The suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class DeviceForwardTestsOnCuda(CudaDevice fixture, ITestOutputHelper output) : DeviceForwardTests(fixture, output), IClassFixture<CudaDevice>;
