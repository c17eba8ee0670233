using ILGPU.Algorithms;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Kernel math in single precision.</summary>
public readonly struct FloatMath : IKernelMath<float>
{
    /// <inheritdoc/>
    public static float Sqrt(float x) => XMath.Sqrt(x);
}
