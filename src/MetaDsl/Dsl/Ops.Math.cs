using System.Globalization;
using MetaDsl.Kernels;

namespace MetaDsl;

public static partial class Ops
{
    /// <summary>Element-wise square root (NaN below 0).</summary>
    public static Tensor Sqrt(Tensor x) => Map(x, Math.Sqrt);

    /// <summary>Element-wise <c>1 / sqrt(x)</c> (∞ at 0, NaN below 0).</summary>
    public static Tensor Rsqrt(Tensor x) => Map(x, static v => 1.0 / Math.Sqrt(v));

    /// <summary>Element-wise absolute value. Its derivative is taken as 0 at 0, as in PyTorch.</summary>
    public static Tensor Abs(Tensor x) => Map(x, Math.Abs);

    /// <summary>Element-wise sine (radians).</summary>
    public static Tensor Sin(Tensor x) => Map(x, Math.Sin);

    /// <summary>Element-wise cosine (radians).</summary>
    public static Tensor Cos(Tensor x) => Map(x, Math.Cos);

    /// <summary>Element-wise <c>x^p</c> for a constant <paramref name="p"/> (IEEE pow: a negative base needs an integer exponent, else NaN).</summary>
    /// <param name="x">The base.</param>
    /// <param name="p">The exponent, a finite number known at build time.</param>
    /// <exception cref="ArgumentException"><paramref name="p"/> is NaN or infinite.</exception>
    public static Tensor Pow(Tensor x, double p)
    {
        if (!double.IsFinite(p)) throw new ArgumentException($"Pow: the exponent {p.ToString(CultureInfo.InvariantCulture)} must be a finite number.", nameof(p));
        return Map(x, v => Math.Pow(v, p));
    }

    /// <summary>Element-wise softplus <c>log(1 + exp(x))</c>, computed as <c>max(x, 0) + log(1 + exp(-|x|))</c> so that it never overflows.</summary>
    public static Tensor Softplus(Tensor x) => Map(x, static v => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v))));

    /// <summary>Element-wise leaky ReLU: <c>x</c> where <c>x &gt; 0</c>, else <c>slope * x</c> (PyTorch's default slope is 0.01).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="slope">The slope below zero, a finite number known at build time.</param>
    /// <exception cref="ArgumentException"><paramref name="slope"/> is NaN or infinite.</exception>
    public static Tensor LeakyRelu(Tensor x, double slope = 0.01)
    {
        if (!double.IsFinite(slope)) throw new ArgumentException($"LeakyRelu: the slope {slope.ToString(CultureInfo.InvariantCulture)} must be a finite number.", nameof(slope));
        return Map(x, v => v > 0 ? v : slope * v);
    }

    /// <summary>
    /// Element-wise <c>min(max(x, lo), hi)</c>. The derivative is 1 strictly above <paramref name="lo"/>
    /// up to and including <paramref name="hi"/>, and 0 where the bound holds the value.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="lo">The lower bound, known at build time.</param>
    /// <param name="hi">The upper bound, known at build time; at least <paramref name="lo"/>.</param>
    /// <exception cref="ArgumentException">A bound is NaN or <paramref name="lo"/> &gt; <paramref name="hi"/>.</exception>
    public static Tensor Clamp(Tensor x, double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi)
            throw new ArgumentException($"Clamp: the bounds [{lo.ToString(CultureInfo.InvariantCulture)}, {hi.ToString(CultureInfo.InvariantCulture)}] must satisfy lo <= hi.");
        return Map(x, v => Math.Min(Math.Max(v, lo), hi));
    }

    /// <summary>
    /// Element-wise GELU in its exact form, PyTorch's default: <c>x · Φ(x) = x/2 · erfc(-x/√2)</c>, Φ the
    /// standard normal CDF (not the tanh approximation).
    /// </summary>
    public static Tensor Gelu(Tensor x) => Map(x, static v => 0.5 * v * ErrorFunction.Erfc(-v / Math.Sqrt(2)));
}
