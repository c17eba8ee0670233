namespace MetaDsl.Tasks;

/// <summary>The classes of one split (meta-train, validation or test) of an image folder.</summary>
/// <param name="Name">"train", "validation" or "test".</param>
/// <param name="Root">The folder the classes were read from, for error messages.</param>
/// <param name="ImageSize">Pixels per side of every image.</param>
/// <param name="Classes">The classes, rotations included.</param>
public sealed record ImageSplit(string Name, string Root, int ImageSize, IReadOnlyList<ImageClass> Classes)
{
    /// <summary>Planes per image (1 grey, 3 RGB), as its classes have them.</summary>
    public int Channels => Classes.Count > 0 ? Classes[0].Channels : 1;

    /// <summary>Values per image: channels × size × size.</summary>
    public int Features => Channels * ImageSize * ImageSize;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} split of '{Root}': {Classes.Count} classes of {(Channels == 1 ? "" : Channels + "x")}{ImageSize}x{ImageSize} images";
}
