using ILGPU.Algorithms;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Kernel math in single precision.</summary>
public readonly struct FloatMath : IKernelMath<float>
{
    /// <inheritdoc/>
    public static float Sqrt(float x) => XMath.Sqrt(x);

    /// <inheritdoc/>
    public static float Exp(float x) => XMath.Exp(x);

    /// <inheritdoc/>
    public static float Log(float x) => XMath.Log(x);

    /// <inheritdoc/>
    public static float Tanh(float x) => XMath.Tanh(x);

    /// <inheritdoc/>
    public static float FromDouble(double x) => (float)x;
}
