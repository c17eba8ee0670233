namespace MetaDsl.Tasks;

/// <summary>A grey image with values in [0, 1] (0 black, 1 white), row-major: pixel (x, y) is at <c>y·Width + x</c>.</summary>
public sealed class GreyImage
{
    /// <summary>Wraps <paramref name="pixels"/> (no copy).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or do not match the pixel count.</exception>
    public GreyImage(int width, int height, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"A {width}x{height} image needs {(long)width * height} pixels but {pixels.Length} were given.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Pixels { get; }

    /// <summary>The value at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public float this[int x, int y] => Pixels[y * Width + x];

    /// <summary>A copy turned counter-clockwise by <paramref name="quarterTurns"/> × 90° (any integer; taken mod 4).</summary>
    public GreyImage Rotate(int quarterTurns)
    {
        int turns = ((quarterTurns % 4) + 4) % 4;
        bool swap = turns % 2 == 1;
        int w = swap ? Height : Width, h = swap ? Width : Height;
        var result = new float[Pixels.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                // (x, y) in the result comes from the source pixel that the inverse turn maps it to.
                var (sx, sy) = turns switch
                {
                    0 => (x, y),
                    1 => (Width - 1 - y, x),
                    2 => (Width - 1 - x, Height - 1 - y),
                    _ => (y, Height - 1 - x),
                };
                result[y * w + x] = Pixels[sy * Width + sx];
            }
        }
        return new GreyImage(w, h, result);
    }
}
