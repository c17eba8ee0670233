namespace MetaDsl.Tasks.Glyphs;

/// <summary>How <see cref="GlyphDataset.Write"/> renders a glyph tree.</summary>
public sealed record GlyphOptions
{
    /// <summary>Simulated drawers, each drawing every character once: Omniglot has 20.</summary>
    public int Drawers { get; init; } = 20;

    /// <summary>Pixels per side: Omniglot's 105.</summary>
    public int ImageSize { get; init; } = GlyphRenderer.DefaultSize;

    /// <summary>Characters used, spread evenly over the data in code-point order; null for all.</summary>
    public int? Characters { get; init; }

    /// <summary>Characters per "alphabet" (characters of one stroke count, in code-point order, are cut into groups of this size).</summary>
    public int AlphabetSize { get; init; } = 40;

    /// <summary>Seeds every drawing.</summary>
    public ulong Seed { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Drawers, 1, nameof(Drawers));
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageSize, 8, nameof(ImageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(AlphabetSize, 1, nameof(AlphabetSize));
        if (Characters is < 1) throw new ArgumentOutOfRangeException(nameof(Characters), Characters, "At least one character.");
    }
}
