using System.Numerics;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>The device-equals-CPU criterion: max |device − cpu| / max |cpu|, at most 1e-5 in float and 1e-12 in double.</summary>
internal static class Agreement
{
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-12;

    public static double RelativeError<T>(ReadOnlySpan<T> device, ReadOnlySpan<T> cpu) where T : unmanaged, INumber<T>
    {
        Assert.Equal(cpu.Length, device.Length);
        double difference = 0, scale = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            double c = double.CreateChecked(cpu[i]), d = double.CreateChecked(device[i]);
            Assert.False(double.IsNaN(d), $"device value {i} is NaN");
            difference = Math.Max(difference, Math.Abs(d - c));
            scale = Math.Max(scale, Math.Abs(c));
        }
        Assert.True(scale > 0, "the CPU result is all zeros, so agreement would prove nothing");
        return difference / scale;
    }

    /// <summary>Asserts agreement and returns the error, for the test output.</summary>
    public static double Check<T>(ReadOnlySpan<T> device, ReadOnlySpan<T> cpu, string what) where T : unmanaged, INumber<T>
    {
        double error = RelativeError(device, cpu);
        Assert.True(error <= Tolerance<T>(), $"{what}: device differs from the CPU path by {error:E2} (relative), above {Tolerance<T>():E0}");
        return error;
    }
}
