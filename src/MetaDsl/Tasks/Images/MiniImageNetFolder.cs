namespace MetaDsl.Tasks;

/// <summary>
/// An image folder in miniImageNet's layout, with Ravi &amp; Larochelle's class split given either as
/// folders, <c>root/{train,val,test}/class/*.jpg</c>, or as CSV files, <c>root/{train,val,test}.csv</c>
/// of <c>filename,label</c> rows naming images in <c>root/images/</c> (flat, or in a folder per label).
/// Opening it lists and checks every split's files; <see cref="Load"/> decodes one split, so only
/// the split in use is held in memory.
/// </summary>
public sealed class MiniImageNetFolder
{
    /// <summary>The split names, as the standard files and folders spell them.</summary>
    public static readonly IReadOnlyList<string> Splits = ["train", "val", "test"];

    private readonly Dictionary<string, IReadOnlyList<ImageClassLoader.Source>> _splits;

    private MiniImageNetFolder(string root, Dictionary<string, IReadOnlyList<ImageClassLoader.Source>> splits)
    {
        Root = root;
        _splits = splits;
    }

    /// <summary>The folder read.</summary>
    public string Root { get; }

    /// <summary>Classes and images of each split, as listed.</summary>
    public IReadOnlyDictionary<string, (int Classes, int Images)> Counts
        => _splits.ToDictionary(s => s.Key, s => (s.Value.Count, s.Value.Sum(c => c.Files.Count)));

    /// <summary>
    /// Lists the folder's splits. Throws <see cref="DirectoryNotFoundException"/> for a missing root and
    /// <see cref="InvalidDataException"/> for a folder in neither layout, a malformed CSV row, or a CSV
    /// naming an image that does not exist (each message names the file), before anything is decoded.
    /// </summary>
    public static MiniImageNetFolder Open(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The image folder '{root}' does not exist.");
        var splits = new Dictionary<string, IReadOnlyList<ImageClassLoader.Source>>();
        foreach (var split in Splits)
        {
            string csv = Path.Combine(root, split + ".csv"), folder = Path.Combine(root, split);
            if (File.Exists(csv)) splits[split] = FromCsv(root, csv);
            else if (Directory.Exists(folder)) splits[split] = FromFolders(folder);
        }
        if (splits.Count == 0)
            throw new InvalidDataException(
                $"'{root}' is not in miniImageNet's layout: expected train.csv, val.csv and test.csv beside images/, or train/, val/ and test/ folders of class folders.");
        return new MiniImageNetFolder(root, splits);
    }

    /// <summary>Decodes split <paramref name="split"/> ("train", "val" or "test") at <paramref name="imageSize"/>² RGB.</summary>
    /// <exception cref="ArgumentException">The folder has no such split.</exception>
    public ImageSplit Load(string split, int imageSize = 84, CancellationToken cancellationToken = default)
    {
        if (!_splits.TryGetValue(split, out var sources))
            throw new ArgumentException($"'{Root}' has no {split} split (it has {string.Join(", ", _splits.Keys)}).", nameof(split));
        var classes = ImageClassLoader.Load(sources, imageSize, channels: 3, invert: false, cancellationToken);
        return new ImageSplit(split, Root, imageSize, classes);
    }

    private static List<ImageClassLoader.Source> FromFolders(string folder)
    {
        var classes = Directory.GetDirectories(folder);
        Array.Sort(classes, StringComparer.Ordinal);
        if (classes.Length == 0) throw new InvalidDataException($"The split folder '{folder}' holds no class folders.");
        return classes.Select(c => new ImageClassLoader.Source(Path.GetFileName(c), c, ImageClassLoader.ImagesIn(c))).ToList();
    }

    private static List<ImageClassLoader.Source> FromCsv(string root, string csv)
    {
        string images = Path.Combine(root, "images");
        var byLabel = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        int line = 0;
        foreach (var text in File.ReadLines(csv))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || line == 1 && text.Trim().Equals("filename,label", StringComparison.OrdinalIgnoreCase)) continue;
            var fields = text.Split(',');
            if (fields.Length != 2 || fields[0].Trim().Length == 0 || fields[1].Trim().Length == 0)
                throw new InvalidDataException($"'{csv}' line {line}: expected 'filename,label', got '{text}'.");
            string file = fields[0].Trim(), label = fields[1].Trim();
            string flat = Path.Combine(images, file), nested = Path.Combine(images, label, file);
            string path = File.Exists(flat) ? flat : File.Exists(nested) ? nested
                : throw new InvalidDataException($"'{csv}' line {line} names '{file}', which is neither '{flat}' nor '{nested}'.");
            if (!byLabel.TryGetValue(label, out var list)) byLabel[label] = list = [];
            list.Add(path);
        }
        if (byLabel.Count == 0) throw new InvalidDataException($"'{csv}' lists no images.");
        return byLabel.Select(c =>
        {
            c.Value.Sort(StringComparer.Ordinal);
            return new ImageClassLoader.Source(c.Key, Path.GetDirectoryName(c.Value[0])!, c.Value);
        }).ToList();
    }
}
