using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// One class of square images held in memory, decoded once: one byte per value, planar (channel,
/// row, column), 0 to 255 read out as 0 to 1. A rotated class shares its pixels and turns each
/// image while copying it out, so rotations cost no memory.
/// </summary>
public sealed class ImageClass
{
    private readonly byte[] _pixels;

    /// <summary>
    /// Wraps <paramref name="pixels"/>: <paramref name="count"/> images of <paramref name="channels"/>
    /// × <paramref name="size"/>² bytes each, back to back.
    /// </summary>
    /// <exception cref="ArgumentException">The pixel count does not match.</exception>
    public ImageClass(string name, string directory, int size, int channels, int count, byte[] pixels, int quarterTurns = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * channels * size * size != pixels.Length)
            throw new ArgumentException($"Class '{name}': {count} images of {channels}x{size}x{size} need {(long)count * channels * size * size} values, got {pixels.Length}.", nameof(pixels));
        Name = name;
        Directory = directory;
        Size = size;
        Channels = channels;
        Count = count;
        QuarterTurns = ((quarterTurns % 4) + 4) % 4;
        _pixels = pixels;
    }

    /// <summary>The class name: <c>alphabet/character</c>, or a class folder's name; rotated classes end in <c>@90</c>, <c>@180</c> or <c>@270</c>.</summary>
    public string Name { get; }

    /// <summary>The folder the images came from, for messages.</summary>
    public string Directory { get; }

    /// <summary>Pixels per side.</summary>
    public int Size { get; }

    /// <summary>Planes per image: 1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Values per image.</summary>
    public int Features => Channels * Size * Size;

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Quarter turns applied when copying out (0–3).</summary>
    public int QuarterTurns { get; }

    /// <summary>The same images turned a further <paramref name="quarterTurns"/> quarter turns (counter-clockwise), as a new class.</summary>
    public ImageClass Rotated(int quarterTurns)
    {
        int turns = (((QuarterTurns + quarterTurns) % 4) + 4) % 4;
        string baseName = QuarterTurns == 0 ? Name : Name[..Name.LastIndexOf('@')];
        return new ImageClass(turns == 0 ? baseName : $"{baseName}@{turns * 90}", Directory, Size, Channels, Count, _pixels, turns);
    }

    /// <summary>Copies image <paramref name="index"/>, turned and scaled to [0, 1], into <paramref name="destination"/> (<see cref="Features"/> values).</summary>
    /// <exception cref="ArgumentException">The destination has the wrong length.</exception>
    public void CopyTo<T>(int index, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int n = Size, plane = n * n;
        if (destination.Length != Features)
            throw new ArgumentException($"The destination holds {destination.Length} values; an image of class '{Name}' has {Features}.", nameof(destination));
        var scale = T.One / T.CreateChecked(255);
        for (int c = 0; c < Channels; c++)
        {
            var source = _pixels.AsSpan(index * Features + c * plane, plane);
            var target = destination.Slice(c * plane, plane);
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
                    target[y * n + x] = T.CreateChecked(source[s]) * scale;
                }
            }
        }
    }
}
