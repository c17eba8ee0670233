using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// One class of square grey images held in memory. A rotated class shares its character's pixels
/// and turns each image while copying it out, so rotations cost no memory.
/// </summary>
public sealed class ImageClass
{
    private readonly float[] _pixels;

    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="count"/> images of <paramref name="size"/>² values each, back to back.</summary>
    /// <exception cref="ArgumentException">The pixel count does not match.</exception>
    public ImageClass(string name, string directory, int size, int count, float[] pixels, int quarterTurns = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * size * size != pixels.Length)
            throw new ArgumentException($"Class '{name}': {count} images of {size}x{size} need {(long)count * size * size} values, got {pixels.Length}.", nameof(pixels));
        Name = name;
        Directory = directory;
        Size = size;
        Count = count;
        QuarterTurns = ((quarterTurns % 4) + 4) % 4;
        _pixels = pixels;
    }

    /// <summary>The class's name: <c>alphabet/character</c>, with <c>@90</c>, <c>@180</c> or <c>@270</c> for a rotation.</summary>
    public string Name { get; }

    /// <summary>The folder its images came from.</summary>
    public string Directory { get; }

    /// <summary>Pixels per side.</summary>
    public int Size { get; }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>Counter-clockwise quarter turns applied to every image (0 to 3).</summary>
    public int QuarterTurns { get; }

    /// <summary>A copy of this class turned by a further <paramref name="quarterTurns"/>, sharing the pixels.</summary>
    public ImageClass Rotated(int quarterTurns)
    {
        int turns = (((QuarterTurns + quarterTurns) % 4) + 4) % 4;
        string baseName = QuarterTurns == 0 ? Name : Name[..Name.LastIndexOf('@')];
        return new ImageClass(turns == 0 ? baseName : $"{baseName}@{turns * 90}", Directory, Size, Count, _pixels, turns);
    }

    /// <summary>Copies image <paramref name="index"/> (turned by <see cref="QuarterTurns"/>) into <paramref name="destination"/>, row-major.</summary>
    /// <exception cref="ArgumentException">The destination does not hold <see cref="Size"/>² values.</exception>
    public void CopyTo<T>(int index, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int n = Size;
        if (destination.Length != n * n)
            throw new ArgumentException($"The destination holds {destination.Length} values; an image of class '{Name}' has {n * n}.", nameof(destination));
        var source = _pixels.AsSpan(index * n * n, n * n);
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                // The same inverse mapping as GreyImage.Rotate, for a square image.
                int s = QuarterTurns switch
                {
                    0 => y * n + x,
                    1 => x * n + (n - 1 - y),
                    2 => (n - 1 - y) * n + (n - 1 - x),
                    _ => (n - 1 - x) * n + y,
                };
                destination[y * n + x] = T.CreateChecked(source[s]);
            }
        }
    }
}
