using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Optimizers;

/// <summary>Gradient clipping, applied to a gradient before an optimizer step.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Rescales <paramref name="gradient"/> in place so its Euclidean norm is at most
    /// <paramref name="maxNorm"/>, keeping its direction; returns the norm before clipping.
    /// </summary>
    public static T ClipByNorm<T>(Span<T> gradient, T maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm > T.Zero)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        T norm = TensorPrimitives.Norm<T>(gradient);
        if (norm > maxNorm) TensorPrimitives.Multiply<T>(gradient, maxNorm / norm, gradient);
        return norm;
    }
}
