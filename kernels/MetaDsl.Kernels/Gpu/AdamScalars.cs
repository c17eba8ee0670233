using System.Numerics;

namespace MetaDsl.Kernels.Gpu;

/// <summary>The per-step scalars of <see cref="UpdateKernels.Adam"/>, computed on the host.</summary>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Epsilon">Denominator guard.</param>
/// <param name="Step">lr / (1 − β1^t).</param>
/// <param name="SecondCorrection">1 / √(1 − β2^t).</param>
/// <param name="Decay">1 for Adam; 1 − lr · weight decay for AdamW.</param>
public readonly record struct AdamScalars<T>(T Beta1, T Beta2, T Epsilon, T Step, T SecondCorrection, T Decay)
    where T : unmanaged, INumber<T>;
