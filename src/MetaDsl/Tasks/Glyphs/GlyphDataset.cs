using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace MetaDsl.Tasks.Glyphs;

/// <summary>
/// Writes an Omniglot-layout tree of rendered glyphs: <c>DIR/alphabet/character/NN.png</c>, one
/// character per class, one image per drawer, "alphabets" being characters of one stroke count cut
/// into groups. The licence of the stroke data is copied beside them, and a manifest of the settings
/// lets an interrupted run resume where it stopped.
/// </summary>
public static class GlyphDataset
{
    /// <summary>The manifest's file name in the output folder.</summary>
    public const string Manifest = "glyphs.json";

    /// <summary>The licence's file name in the output folder.</summary>
    public const string Licence = "LICENSE-ARPHICPL.txt";

    /// <summary>What one written tree holds.</summary>
    /// <param name="Characters">Classes written.</param>
    /// <param name="Alphabets">Alphabet folders.</param>
    /// <param name="Images">Images in the tree (characters × drawers).</param>
    /// <param name="Resumed">Characters found complete from an earlier run and kept.</param>
    public sealed record Summary(int Characters, int Alphabets, int Images, int Resumed);

    /// <summary>
    /// Renders <paramref name="characters"/> into <paramref name="folder"/>. The folder must be empty,
    /// missing, or hold an earlier run with the same settings (which resumes). Reports characters done
    /// through <paramref name="progress"/>; observes <paramref name="cancellationToken"/> between characters.
    /// </summary>
    /// <exception cref="IOException">The folder holds other files, or a run with other settings.</exception>
    public static Summary Write(IReadOnlyList<StrokeCharacter> characters, string licence, string folder, GlyphOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options.Validate();
        var chosen = Choose(characters, options.Characters);
        var layout = Layout(chosen, options.AlphabetSize);
        string manifest = JsonSerializer.Serialize(new
        {
            source = HanziWriterData.Package,
            characters = chosen.Count,
            options.Drawers,
            options.ImageSize,
            options.AlphabetSize,
            options.Seed,
        });
        Prepare(folder, manifest);
        File.WriteAllText(Path.Combine(folder, Licence), licence);

        int done = 0, resumed = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            Parallel.For(0, layout.Count, parallel, i =>
            {
                var (character, alphabet) = layout[i];
                string dir = Path.Combine(folder, alphabet, character.CodePoint);
                if (Complete(dir, options.Drawers))
                    Interlocked.Increment(ref resumed);
                else
                {
                    Directory.CreateDirectory(dir);
                    for (int d = 0; d < options.Drawers; d++)
                        PngWriter.WriteGrey(Path.Combine(dir, FileName(d)), options.ImageSize, options.ImageSize,
                            GlyphRenderer.Render(character, d, options.Seed, options.ImageSize));
                }
                progress?.Report(Interlocked.Increment(ref done));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new Summary(chosen.Count, layout.Select(l => l.Alphabet).Distinct().Count(), chosen.Count * options.Drawers, resumed);
    }

    private static string FileName(int drawer) => $"{drawer:00}.png";

    /// <summary>Every drawer's file exists: a character an earlier run finished (files are written atomically).</summary>
    private static bool Complete(string dir, int drawers)
    {
        if (!Directory.Exists(dir)) return false;
        for (int d = 0; d < drawers; d++)
            if (!File.Exists(Path.Combine(dir, FileName(d)))) return false;
        return true;
    }

    private static void Prepare(string folder, string manifest)
    {
        string path = Path.Combine(folder, Manifest);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!File.Exists(path))
                throw new IOException($"'{folder}' is not empty and holds no {Manifest} of an earlier glyph run: give an empty or new folder.");
            if (File.ReadAllText(path) != manifest)
                throw new IOException($"'{folder}' holds a glyph run with other settings ({File.ReadAllText(path)}): give an empty or new folder, or the same settings to resume.");
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, manifest);
    }

    /// <summary><paramref name="count"/> characters spread evenly over the code-point order, or all.</summary>
    private static List<StrokeCharacter> Choose(IReadOnlyList<StrokeCharacter> characters, int? count)
    {
        if (count is not int n || n >= characters.Count) return [.. characters];
        var chosen = new List<StrokeCharacter>(n);
        for (int i = 0; i < n; i++) chosen.Add(characters[(int)((long)i * characters.Count / n)]);
        return chosen;
    }

    /// <summary>Each character with its alphabet folder: stroke count, then the group within it.</summary>
    private static List<(StrokeCharacter Character, string Alphabet)> Layout(List<StrokeCharacter> characters, int alphabetSize)
    {
        var result = new List<(StrokeCharacter, string)>(characters.Count);
        foreach (var group in characters.GroupBy(c => c.Strokes.Count).OrderBy(g => g.Key))
        {
            int k = 0;
            foreach (var character in group)
                result.Add((character, $"strokes-{group.Key:00}-{k++ / alphabetSize + 1:00}"));
        }
        return result;
    }
}
