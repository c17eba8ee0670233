namespace MetaDsl.Kernels.Devices;

/// <summary>A three-dimensional extent or index, as used for CUDA grid and block dimensions.</summary>
/// <param name="X">Extent along x (the fastest-varying dimension).</param>
/// <param name="Y">Extent along y.</param>
/// <param name="Z">Extent along z.</param>
public readonly record struct Dim3(int X, int Y = 1, int Z = 1)
{
    /// <summary>The number of points covered: X · Y · Z.</summary>
    public long Size => (long)X * Y * Z;

    /// <summary>Converts a one-dimensional extent.</summary>
    public static implicit operator Dim3(int x) => new(x);

    /// <summary>The index whose linear position (x fastest) is <paramref name="linear"/> inside <paramref name="extent"/>.</summary>
    public static Dim3 FromLinear(long linear, Dim3 extent) =>
        new((int)(linear % extent.X), (int)(linear / extent.X % extent.Y), (int)(linear / ((long)extent.X * extent.Y)));
}
