using System.Numerics;

namespace MetaDsl.Tests.Devices;

/// <summary>The device-equals-CPU criterion of issue 8: max |device − cpu| / max |cpu|, at most 1e-5 in float and 1e-12 in double.</summary>
internal static class DeviceAgreement
{
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-12;

    /// <summary>Asserts agreement (within <paramref name="tolerance"/> where a method amplifies rounding, else <see cref="Tolerance{T}"/>) and returns the relative error, for the test output.</summary>
    public static double Check<T>(ReadOnlySpan<T> device, ReadOnlySpan<T> cpu, string what, double? tolerance = null) where T : unmanaged, INumber<T>
    {
        Assert.Equal(cpu.Length, device.Length);
        double difference = 0, scale = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            double c = double.CreateChecked(cpu[i]), d = double.CreateChecked(device[i]);
            Assert.False(double.IsNaN(d), $"{what}: device value {i} is NaN");
            difference = Math.Max(difference, Math.Abs(d - c));
            scale = Math.Max(scale, Math.Abs(c));
        }
        Assert.True(scale > 0, $"{what}: the CPU result is all zeros, so agreement would prove nothing");
        double error = difference / scale;
        double limit = tolerance ?? Tolerance<T>();
        Assert.True(error <= limit, $"{what}: device differs from the CPU path by {error:E2} (relative), above {limit:E0}");
        return error;
    }
}
