namespace MetaDsl;

/// <summary>
/// A parameter adapted in the inner loop, with a constant shape, for example <c>[Param(40, 40)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public class ParamAttribute : Attribute
{
    /// <summary>Declares a parameter of the given dims (rank 0 to 6).</summary>
    public ParamAttribute(params int[] dims) => Dims = dims;

    /// <summary>The parameter's shape.</summary>
    public int[] Dims { get; }

    /// <summary>How <c>Initialize</c> fills it.</summary>
    public Init Init { get; set; }

    /// <summary>The constant of <see cref="Init.Constant"/>, the deviation of <see cref="Init.TruncatedNormal"/>, the bound of <see cref="Init.Uniform"/>.</summary>
    public double Value { get; set; }
}
