namespace MetaDsl.Kernels.Devices;

/// <summary>One declared parameter of a kernel: a view of some element type, or a scalar.</summary>
/// <param name="Name">The parameter's name, used in error messages.</param>
/// <param name="ElementType">The scalar type, or the view's element type.</param>
/// <param name="IsView">True for a device pointer (<see cref="ArrayView{T}"/>), false for a scalar.</param>
public readonly record struct KernelParameter(string Name, Type ElementType, bool IsView)
{
    /// <summary>A pointer parameter receiving an <see cref="ArrayView{T}"/>.</summary>
    public static KernelParameter View<T>(string name) where T : unmanaged => new(name, typeof(T), true);

    /// <summary>A by-value scalar parameter.</summary>
    public static KernelParameter Scalar<T>(string name) where T : unmanaged => new(name, typeof(T), false);

    /// <summary>Whether <paramref name="argument"/> may be passed for this parameter.</summary>
    internal bool Accepts(in KernelArgument argument) => argument.IsView == IsView && argument.ElementType == ElementType;

    /// <inheritdoc/>
    public override string ToString() => IsView ? $"ArrayView<{ElementType.Name}> {Name}" : $"{ElementType.Name} {Name}";
}
