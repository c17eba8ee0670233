namespace MetaDsl.Tasks;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test images of 28×28 in ten clothing
/// classes, read from the IDX files of Debian's <c>dataset-fashion-mnist</c> and shrunk by area
/// averaging to a side such as 8, the size of learned_optimization's small image tasks.
/// </summary>
public sealed class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The side of the stored images.</summary>
    public const int StoredSide = 28;

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    private FashionMnist(LabelledImages train, LabelledImages test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>The 60,000 training images.</summary>
    public LabelledImages Train { get; }

    /// <summary>The 10,000 test images.</summary>
    public LabelledImages Test { get; }

    /// <summary>Reads both splits from <paramref name="folder"/> (the four IDX files, gzipped or not) at <paramref name="side"/>×<paramref name="side"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the data.</exception>
    /// <exception cref="InvalidDataException">A file is not the IDX array it should be, or images and labels disagree in count.</exception>
    public static FashionMnist Load(string? folder = null, int side = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(side, StoredSide);
        folder ??= DefaultFolder;
        return new FashionMnist(Split(folder, "train", side), Split(folder, "t10k", side));
    }

    /// <summary>
    /// Shrinks a <paramref name="from"/>² image to <paramref name="to"/>²: each output pixel is the mean
    /// of the source area it covers, partly covered source pixels weighted by the part covered.
    /// </summary>
    public static void Shrink(ReadOnlySpan<byte> source, int from, Span<float> target, int to)
    {
        double scale = (double)from / to;
        for (int y = 0; y < to; y++)
        {
            double top = y * scale, bottom = (y + 1) * scale;
            for (int x = 0; x < to; x++)
            {
                double left = x * scale, right = (x + 1) * scale;
                double sum = 0;
                for (int sy = (int)top; sy < Math.Min(from, (int)Math.Ceiling(bottom)); sy++)
                {
                    double wy = Overlap(sy, top, bottom);
                    for (int sx = (int)left; sx < Math.Min(from, (int)Math.Ceiling(right)); sx++)
                        sum += wy * Overlap(sx, left, right) * source[sy * from + sx];
                }
                target[y * to + x] = (float)(sum / (scale * scale * 255.0));
            }
        }
    }

    private static double Overlap(int pixel, double start, double end) => Math.Max(0, Math.Min(pixel + 1, end) - Math.Max(pixel, start));

    private static LabelledImages Split(string folder, string prefix, int side)
    {
        var (imageDims, images) = IdxFile.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
        var labelPath = Find(folder, $"{prefix}-labels-idx1-ubyte");
        var (labelDims, labels) = IdxFile.Read(labelPath);
        if (imageDims is not [var count, StoredSide, StoredSide])
            throw new InvalidDataException($"The {prefix} images in '{folder}' are [{string.Join(", ", imageDims)}]; Fashion-MNIST's are [n, 28, 28].");
        if (labelDims is not [var labelCount] || labelCount != count)
            throw new InvalidDataException($"'{labelPath}' holds [{string.Join(", ", labelDims)}] labels for {count} images.");
        int bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0) throw new InvalidDataException($"'{labelPath}' gives image {bad} label {labels[bad]}; Fashion-MNIST has {Classes} classes.");
        var pixels = new float[(long)count * side * side];
        const int stored = StoredSide * StoredSide;
        Parallel.For(0, count, i => Shrink(images.AsSpan(i * stored, stored), StoredSide, pixels.AsSpan(i * side * side, side * side), side));
        return new LabelledImages(side, Classes, pixels, labels);
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST's '{name}(.gz)' is not in '{folder}'. Install Debian's copy with 'scripts/get-fashion-mnist' (apt-get install dataset-fashion-mnist, into {DefaultFolder}) or name the folder that holds the four IDX files.",
            Path.Combine(folder, name + ".gz"));
    }
}
