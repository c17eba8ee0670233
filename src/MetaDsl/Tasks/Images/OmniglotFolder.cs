namespace MetaDsl.Tasks;

/// <summary>
/// An image folder in Omniglot's layout, <c>root/alphabet/character/*.png</c>, where each character
/// folder is a class. All images are decoded, resized and held in memory once. Characters are split
/// into meta-train, validation and test by a seeded shuffle; rotations (optional) are added within
/// each split, so a character's turned copies never leak into another split.
/// </summary>
public sealed class OmniglotFolder
{
    private OmniglotFolder(string root, OmniglotOptions options, ImageSplit train, ImageSplit validation, ImageSplit test)
    {
        Root = root;
        Options = options;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>The folder read.</summary>
    public string Root { get; }

    /// <summary>The options it was read with.</summary>
    public OmniglotOptions Options { get; }

    /// <summary>The meta-training classes.</summary>
    public ImageSplit Train { get; }

    /// <summary>The validation classes.</summary>
    public ImageSplit Validation { get; }

    /// <summary>The test classes.</summary>
    public ImageSplit Test { get; }

    /// <summary>Reads every class under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="InvalidDataException">There are no classes, a class folder has no PNG, or an image is malformed (the message names the file).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while images were being decoded.</exception>
    public static OmniglotFolder Load(string root, OmniglotOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new OmniglotOptions();
        options.Validate();
        if (!System.IO.Directory.Exists(root))
            throw new DirectoryNotFoundException($"The image folder '{root}' does not exist.");
        var characters = FindCharacters(root);
        var classes = LoadAll(characters, options, cancellationToken);
        var (train, validation, test) = Split(classes.Length, options);
        return new OmniglotFolder(root, options,
            MakeSplit("train", root, options, classes, train),
            MakeSplit("validation", root, options, classes, validation),
            MakeSplit("test", root, options, classes, test));
    }

    private static List<(string Name, string Path)> FindCharacters(string root)
    {
        var alphabets = Sorted(System.IO.Directory.GetDirectories(root));
        var characters = new List<(string, string)>();
        foreach (var alphabet in alphabets)
            foreach (var character in Sorted(System.IO.Directory.GetDirectories(alphabet)))
                characters.Add(($"{Path.GetFileName(alphabet)}/{Path.GetFileName(character)}", character));
        if (characters.Count == 0)
            throw new InvalidDataException(
                $"The image folder '{root}' holds no classes: expected root/alphabet/character/*.png, found {alphabets.Length} alphabet folder(s) and no character folders in them.");
        return characters;
    }

    private static ImageClass[] LoadAll(List<(string Name, string Path)> characters, OmniglotOptions options, CancellationToken cancellationToken)
    {
        var sources = characters.Select(c => new ImageClassLoader.Source(c.Name, c.Path, ImageClassLoader.ImagesIn(c.Path))).ToList();
        return ImageClassLoader.Load(sources, options.ImageSize, channels: 1, options.Invert, cancellationToken);
    }

    private static (int[] Train, int[] Validation, int[] Test) Split(int count, OmniglotOptions options)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var rng = new SplitMix64(options.Seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int train = (int)Math.Round(options.TrainFraction * count);
        int validation = Math.Min(count - train, (int)Math.Round(options.ValidationFraction * count));
        return (Part(order, 0, train), Part(order, train, validation), Part(order, train + validation, count - train - validation));
    }

    private static int[] Part(int[] order, int start, int length)
    {
        var part = order.AsSpan(start, length).ToArray();
        Array.Sort(part);
        return part;
    }

    private static ImageSplit MakeSplit(string name, string root, OmniglotOptions options, ImageClass[] classes, int[] indices)
    {
        var result = new List<ImageClass>(indices.Length * (options.Rotations ? 4 : 1));
        foreach (int i in indices)
        {
            result.Add(classes[i]);
            if (options.Rotations)
                for (int turns = 1; turns < 4; turns++) result.Add(classes[i].Rotated(turns));
        }
        return new ImageSplit(name, root, options.ImageSize, result);
    }

    private static string[] Sorted(string[] paths)
    {
        // Ordinal order is the same on every platform and file system, which the seeded split relies on.
        Array.Sort(paths, StringComparer.Ordinal);
        return paths;
    }
}
