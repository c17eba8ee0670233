using System.Numerics;

namespace MetaDsl;

/// <summary>Seeded parameter initialization, identical on every platform.</summary>
public static class Initializer
{
    /// <summary>Fills one parameter's slice of theta.</summary>
    /// <param name="destination">The parameter's values.</param>
    /// <param name="shape">Its dims: fan-in is the product of all but the last, fan-out the last; a rank-4 convolution kernel [o, c, kh, kw] has PyTorch's fans (c·kh·kw, o·kh·kw).</param>
    /// <param name="init">The scheme.</param>
    /// <param name="value">The constant of <see cref="Init.Constant"/>, the deviation of <see cref="Init.TruncatedNormal"/>, the bound of <see cref="Init.Uniform"/>.</param>
    /// <param name="seed">The learner-wide seed.</param>
    /// <param name="index">The parameter's index, so that parameters draw independent streams.</param>
    public static void Fill<T>(Span<T> destination, ReadOnlySpan<int> shape, Init init, double value, int seed, int index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fanOut = shape.Length == 0 ? 1 : shape[^1];
        int fanIn = 1;
        for (int i = 0; i < shape.Length - 1; i++) fanIn *= shape[i];
        if (shape.Length == 4)
        {
            // A rank-4 parameter is a convolution kernel [o, c, kh, kw] in PyTorch's layout, whose
            // fans are those of PyTorch: c·kh·kw in, o·kh·kw out.
            fanIn = shape[1] * shape[2] * shape[3];
            fanOut = shape[0] * shape[2] * shape[3];
        }
        if (init == Init.Default) init = shape.Length >= 2 ? Init.KaimingUniform : Init.Zeros;
        switch (init)
        {
            case Init.Zeros:
                destination.Clear();
                return;
            case Init.Constant:
                destination.Fill(T.CreateChecked(value));
                return;
        }
        var rng = new SplitMix64(unchecked(((ulong)(uint)seed << 32) ^ (ulong)(uint)index * 0x9E3779B97F4A7C15UL));
        if (init == Init.TruncatedNormal)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                double z;
                do z = rng.NextGaussian(); while (Math.Abs(z) > 2);
                destination[i] = T.CreateChecked(z * value);
            }
            return;
        }
        double bound = init switch
        {
            Init.Xavier => Math.Sqrt(6.0 / (fanIn + fanOut)),
            Init.Uniform => value,
            _ => Math.Sqrt(6.0 / fanIn),
        };
        for (int i = 0; i < destination.Length; i++)
            destination[i] = T.CreateChecked((2.0 * rng.NextDouble() - 1.0) * bound);
    }
}
