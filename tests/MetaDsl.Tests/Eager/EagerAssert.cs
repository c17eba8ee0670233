using MetaDsl;

namespace MetaDsl.Tests.Eager;

/// <summary>Assertions on eager tensors.</summary>
internal static class EagerAssert
{
    /// <summary>Asserts the shape exactly and each value to within <paramref name="tolerance"/>.</summary>
    public static void Close(Tensor actual, int[] shape, double[] expected, double tolerance = 1e-12)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual.Data[i] - expected[i]) <= tolerance,
                $"value {i}: expected {expected[i]}, got {actual.Data[i]} in {actual}");
    }

    /// <summary>Asserts that two tensors have the same shape and values to within <paramref name="tolerance"/>.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance = 1e-12) =>
        Close(actual, expected.Shape, expected.Data, tolerance);

    /// <summary>Asserts that <paramref name="action"/> throws an <see cref="ArgumentException"/> whose message holds every fragment.</summary>
    public static ArgumentException Throws(Action action, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        foreach (var f in fragments) Assert.Contains(f, ex.Message);
        return ex;
    }

    /// <summary>A tensor holding 0, 1, 2, ... in row-major order.</summary>
    public static Tensor Iota(params int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return new Tensor(data, shape);
    }
}
