using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>An <see cref="MlpShape"/> as kernels read it: the widths in device memory and the derived counts.</summary>
public readonly struct MlpLayout
{
    /// <summary>Wraps widths already on the device (<paramref name="sizes"/> holds <c>shape.LayerSizes</c>).</summary>
    public MlpLayout(MlpShape shape, ArrayView<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Sizes = sizes;
        Layers = shape.LayerCount;
        ParameterCount = shape.ParameterCount;
        OutputUnits = shape.OutputUnitCount;
        MaxWidth = shape.MaxWidth;
    }

    /// <summary>The L + 1 widths, input first.</summary>
    public ArrayView<int> Sizes { get; }

    /// <summary>Number of linear layers L.</summary>
    public int Layers { get; }

    /// <summary>Length of theta.</summary>
    public int ParameterCount { get; }

    /// <summary>Sum of the output widths of all layers.</summary>
    public int OutputUnits { get; }

    /// <summary>Widest layer output.</summary>
    public int MaxWidth { get; }
}
