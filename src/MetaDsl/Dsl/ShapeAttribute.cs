namespace MetaDsl;

/// <summary>
/// The shape of an input tensor: each dim is an <see cref="int"/> or a symbol such as <c>"n"</c>
/// that binds at run time, e.g. <c>[Shape("n", 1)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>Declares the dims of an input.</summary>
    public ShapeAttribute(params object[] dims) => Dims = dims;

    /// <summary>The dims, each an <see cref="int"/> or a <see cref="string"/> symbol.</summary>
    public object[] Dims { get; }
}
