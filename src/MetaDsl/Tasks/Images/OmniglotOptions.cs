namespace MetaDsl.Tasks;

/// <summary>How <see cref="OmniglotFolder.Load"/> reads and splits an image folder.</summary>
public sealed record OmniglotOptions
{
    /// <summary>Images are resized (area averaging) to this many pixels per side. Default 28, the usual for Omniglot.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Adds each character turned by 90°, 180° and 270° as three extra classes (Santoro et al. 2016). Default off.</summary>
    public bool Rotations { get; init; }

    /// <summary>Flips values to 1 − v, so strokes (black in Omniglot's files) become 1 on a 0 background. Default off.</summary>
    public bool Invert { get; init; }

    /// <summary>The fraction of characters in the meta-training split. Default 0.7.</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>The fraction of characters in the validation split; the rest are the test split. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Seeds the split, so the same seed always puts the same characters in the same split.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageSize, 1, nameof(ImageSize));
        if (!(TrainFraction >= 0 && ValidationFraction >= 0 && TrainFraction + ValidationFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(TrainFraction),
                $"The split fractions must be at least 0 and sum to at most 1; got train {TrainFraction}, validation {ValidationFraction}.");
    }
}
