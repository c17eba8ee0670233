namespace MetaDsl.Kernels.Cuda;

/// <summary>A GPU's compute capability, e.g. 9.0 for an H100.</summary>
/// <param name="Major">The major version.</param>
/// <param name="Minor">The minor version.</param>
public readonly record struct CudaArchitecture(int Major, int Minor) : IComparable<CudaArchitecture>
{
    /// <summary>The number NVRTC's architecture options use: 10·major + minor (90 for 9.0).</summary>
    public int Number => Major * 10 + Minor;

    /// <summary>The architecture for an NVRTC architecture number.</summary>
    public static CudaArchitecture FromNumber(int number) => new(number / 10, number % 10);

    /// <inheritdoc/>
    public int CompareTo(CudaArchitecture other) => Number.CompareTo(other.Number);

    /// <summary>The real architecture name, e.g. <c>sm_90</c>.</summary>
    public override string ToString() => $"sm_{Number}";
}
