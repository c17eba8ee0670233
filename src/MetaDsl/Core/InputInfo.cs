namespace MetaDsl;

/// <summary>An input tensor of a generated program; each dim is a number or a symbol such as <c>n</c>.</summary>
/// <param name="Name">The method parameter's name.</param>
/// <param name="Dims">Its dims as written, e.g. <c>["n", "1"]</c>.</param>
public sealed record InputInfo(string Name, string[] Dims)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}[{string.Join(", ", Dims)}]";
}
