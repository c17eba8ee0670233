namespace MetaDsl.Optimizers;

/// <summary>Shared argument checks of the optimizers.</summary>
internal static class OptimizerGuard
{
    /// <summary>Throws unless theta and the gradient both have the optimizer's length.</summary>
    public static void Lengths<T>(Span<T> theta, ReadOnlySpan<T> gradient, int length)
    {
        if (theta.Length != length || gradient.Length != length)
            throw new ArgumentException($"The optimizer was built for {length} parameters; theta has {theta.Length} and the gradient {gradient.Length}.");
    }
}
