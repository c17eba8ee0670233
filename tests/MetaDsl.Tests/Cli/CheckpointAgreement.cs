using MetaDsl.Checkpoints;

namespace MetaDsl.Tests.Cli;

/// <summary>The device-equals-CPU check for two runs of the command line: their checkpoints' parameters agree to float's 1e-5 of the largest.</summary>
internal static class CheckpointAgreement
{
    public static void Check(string cpuCheckpoint, string deviceCheckpoint, LearnerInfo info)
    {
        var cpu = new float[info.ParameterCount];
        var device = new float[info.ParameterCount];
        Checkpoint.Load<float>(cpuCheckpoint, cpu, info);
        Checkpoint.Load<float>(deviceCheckpoint, device, info);
        double scale = cpu.Max(v => Math.Abs(v)), difference = cpu.Zip(device, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5 * scale, $"{info.Name}: parameters differ by {difference} (scale {scale})");
    }
}
