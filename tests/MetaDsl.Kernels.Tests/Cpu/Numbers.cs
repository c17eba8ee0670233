using System.Numerics;

namespace MetaDsl.Kernels.Tests.Cpu;

/// <summary>Random inputs and tolerant comparison against double-precision references.</summary>
internal static class Numbers
{
    public static T[] Random<T>(int length, int seed, double low = -1, double high = 1) where T : INumberBase<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateChecked(low + (high - low) * random.NextDouble());
        }
        return values;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : INumberBase<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateChecked(values[i]);
        }
        return result;
    }

    /// <summary>Relative tolerance for one rounding of T, scaled by how many terms a value sums.</summary>
    public static double Tolerance<T>(int terms = 1)
        => (typeof(T) == typeof(float) ? 2e-6 : typeof(T) == typeof(double) ? 1e-14 : 4e-3) * (4 + Math.Sqrt(terms) * 4);

    public static void Close<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, double tolerance, string what)
        where T : INumberBase<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double value = double.CreateChecked(actual[i]);
            double error = Math.Abs(value - expected[i]);
            if (!(error <= tolerance * (1 + Math.Abs(expected[i]))))
            {
                Assert.Fail($"{what}: at {i} expected {expected[i]:R} but got {value:R} (error {error:E2}, tolerance {tolerance:E2}).");
            }
        }
    }
}
