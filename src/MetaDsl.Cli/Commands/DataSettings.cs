namespace MetaDsl.Cli.Commands;

/// <summary>The image data an experiment reads: <c>--data</c> and <c>--no-rotations</c>.</summary>
/// <param name="Folder">The folder in Omniglot's layout, <c>root/alphabet/character/*.png</c>; null when <c>--data</c> was not given.</param>
/// <param name="Rotations">Add each character turned by 90°, 180° and 270° as three extra classes.</param>
internal sealed record DataSettings(string? Folder, bool Rotations)
{
    /// <summary>No folder, rotations on: what a command without the options means.</summary>
    public static DataSettings Default { get; } = new(null, Rotations: true);
}
