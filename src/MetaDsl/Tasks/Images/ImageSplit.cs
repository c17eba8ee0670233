namespace MetaDsl.Tasks;

/// <summary>The classes of one split (meta-train, validation or test) of an image folder.</summary>
/// <param name="Name">"train", "validation" or "test".</param>
/// <param name="Root">The folder the classes were read from, for error messages.</param>
/// <param name="ImageSize">Pixels per side of every image.</param>
/// <param name="Classes">The classes, rotations included.</param>
public sealed record ImageSplit(string Name, string Root, int ImageSize, IReadOnlyList<ImageClass> Classes)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} split of '{Root}': {Classes.Count} classes of {ImageSize}x{ImageSize} images";
}
