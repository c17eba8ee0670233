using System.Globalization;

namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// Layer norm over the last axis, as PyTorch's <c>LayerNorm(d)</c>: each row is normalized by its own
    /// mean and biased variance, <c>gamma · (x - mean) / sqrt(var + eps) + beta</c>.
    /// </summary>
    /// <param name="x">The tensor <c>[..., d]</c>, rank 1 or more.</param>
    /// <param name="gamma">The scale, <c>[d]</c>.</param>
    /// <param name="beta">The shift, <c>[d]</c>.</param>
    /// <param name="eps">Added to the variance; positive, known at build time.</param>
    /// <exception cref="ArgumentException">x is a scalar, gamma or beta is not <c>[d]</c>, or eps is not positive.</exception>
    public static Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        if (x.Rank == 0) throw new ArgumentException("LayerNorm: x [] is a scalar; it needs a last axis to normalize over.", nameof(x));
        int d = x.Shape[^1];
        if (gamma.Rank != 1 || gamma.Shape[0] != d || beta.Rank != 1 || beta.Shape[0] != d)
            throw new ArgumentException($"LayerNorm: gamma {ShapeHelper.Format(gamma.Shape)} and beta {ShapeHelper.Format(beta.Shape)} must both be [{d}] for x {ShapeHelper.Format(x.Shape)}.");
        if (!(eps > 0)) throw new ArgumentException($"LayerNorm: eps {eps.ToString(CultureInfo.InvariantCulture)} must be positive.", nameof(eps));
        var result = NewTensor(x.Shape);
        for (int start = 0; start < x.Length; start += d)
        {
            double mean = 0, variance = 0;
            for (int i = 0; i < d; i++) mean += x.Data[start + i];
            mean /= d;
            for (int i = 0; i < d; i++) variance += (x.Data[start + i] - mean) * (x.Data[start + i] - mean);
            variance /= d;
            double scale = 1 / Math.Sqrt(variance + eps);
            for (int i = 0; i < d; i++) result.Data[start + i] = gamma.Data[i] * (x.Data[start + i] - mean) * scale + beta.Data[i];
        }
        return result;
    }

    /// <summary>
    /// The causal mask of attention scores <c>[..., t, t]</c> (query rows, key columns): entries with
    /// column &gt; row become −∞, so that <see cref="Softmax"/> over the last axis gives them zero weight,
    /// and every derivative through them is exactly 0. Scale the scores before masking, not after:
    /// −∞ multiplied or divided by a value that depends on parameters has NaN derivatives.
    /// </summary>
    /// <exception cref="ArgumentException">The rank is below 2 or the last two dims differ.</exception>
    public static Tensor CausalMask(Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Rank < 2 || scores.Shape[^1] != scores.Shape[^2])
            throw new ArgumentException($"CausalMask: scores {ShapeHelper.Format(scores.Shape)} must be [..., t, t].", nameof(scores));
        int t = scores.Shape[^1];
        var result = NewTensor(scores.Shape);
        for (int i = 0; i < scores.Length; i++)
        {
            int within = i % (t * t);
            result.Data[i] = within % t > within / t ? double.NegativeInfinity : scores.Data[i];
        }
        return result;
    }
}
