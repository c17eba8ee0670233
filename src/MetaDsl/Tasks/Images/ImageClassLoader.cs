using System.Runtime.ExceptionServices;

namespace MetaDsl.Tasks;

/// <summary>
/// Decodes the images of many classes at once, each file once, with at most one decode in flight per
/// core: memory stays bounded by the cores times the largest image allowed, whatever the folder holds.
/// </summary>
internal static class ImageClassLoader
{
    /// <summary>One class to load: its name, folder (for messages) and image files in order.</summary>
    public sealed record Source(string Name, string Directory, IReadOnlyList<string> Files);

    public static ImageClass[] Load(IReadOnlyList<Source> sources, int size, int channels, bool invert, CancellationToken cancellationToken)
    {
        var items = new List<(int Class, int Index)>();
        for (int c = 0; c < sources.Count; c++)
        {
            if (sources[c].Files.Count == 0)
                throw new InvalidDataException($"The class folder '{sources[c].Directory}' has no images ({string.Join(", ", ImageDecoder.Extensions)}, any case).");
            for (int k = 0; k < sources[c].Files.Count; k++) items.Add((c, k));
        }
        int features = channels * size * size;
        var pixels = new byte[sources.Count][];
        for (int c = 0; c < sources.Count; c++) pixels[c] = new byte[sources[c].Files.Count * features];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            // Every image fills its own slot, so the result does not depend on scheduling.
            Parallel.For(0, items.Count, options, i =>
            {
                var (c, k) = items[i];
                var image = ImageDecoder.Decode(sources[c].Files[k], size, channels);
                if (invert)
                    for (int j = 0; j < image.Length; j++) image[j] = (byte)(255 - image[j]);
                image.CopyTo(pixels[c].AsSpan(k * features, features));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var classes = new ImageClass[sources.Count];
        for (int c = 0; c < sources.Count; c++)
            classes[c] = new ImageClass(sources[c].Name, sources[c].Directory, size, channels, sources[c].Files.Count, pixels[c]);
        return classes;
    }

    /// <summary>The image files of a folder, by extension in any case, in ordinal order (the same on every platform, which seeded splits rely on).</summary>
    public static string[] ImagesIn(string directory)
    {
        var files = System.IO.Directory.GetFiles(directory).Where(ImageDecoder.IsImage).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
