using ILGPU.Algorithms;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Kernel math in double precision.</summary>
public readonly struct DoubleMath : IKernelMath<double>
{
    /// <inheritdoc/>
    public static double Sqrt(double x) => XMath.Sqrt(x);
}
