using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace MetaDsl.Tasks.Glyphs;

/// <summary>
/// Stroke medians of about 9,500 Chinese characters from npm's <c>hanzi-writer-data</c> (Arphic
/// Public License): read from the package tarball that <c>npm pack</c> writes, or from its unpacked
/// folder. The project fetches the tarball itself with <see cref="Fetch"/>.
/// </summary>
public static class HanziWriterData
{
    /// <summary>The package and version read.</summary>
    public const string Package = "hanzi-writer-data@2.0.1";

    /// <summary>The tarball's file name, as <c>npm pack</c> writes it.</summary>
    public const string Tarball = "hanzi-writer-data-2.0.1.tgz";

    /// <summary>The licence file inside the package, copied beside anything rendered from it.</summary>
    public const string LicenceFile = "ARPHICPL.TXT";

    /// <summary>
    /// The tarball in <paramref name="cacheDirectory"/>, fetched there with <c>npm pack</c> when it is
    /// not yet present. Throws <see cref="InvalidOperationException"/> when npm cannot be run or fails.
    /// </summary>
    public static string Fetch(string cacheDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(cacheDirectory);
        string tarball = Path.Combine(cacheDirectory, Tarball);
        if (File.Exists(tarball)) return tarball;
        var start = new ProcessStartInfo("npm", ["pack", Package, "--pack-destination", cacheDirectory, "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Fetching {Package} needs npm (Node.js) on the PATH ({e.Message}); or pass the tarball or its folder with --source.", e);
        }
        using (process)
        using (cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0 || !File.Exists(tarball))
                throw new InvalidOperationException($"'npm pack {Package}' failed (exit {process.ExitCode}): {error.Result.Trim()}");
        }
        return tarball;
    }

    /// <summary>
    /// Every character of the package at <paramref name="source"/> (its <c>.tgz</c> or unpacked folder),
    /// in code-point order, and the licence text. Files that are not character data are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The source holds no character data, or a character file is malformed (named).</exception>
    public static (IReadOnlyList<StrokeCharacter> Characters, string Licence) Read(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var files = Directory.Exists(source) ? FromFolder(source) : FromTarball(source);
        var characters = new List<StrokeCharacter>();
        string? licence = null;
        foreach (var (name, bytes) in files)
        {
            string file = Path.GetFileName(name);
            if (file == LicenceFile) licence = System.Text.Encoding.UTF8.GetString(bytes);
            if (!file.EndsWith(".json", StringComparison.Ordinal) || file is "package.json") continue;
            string character = file[..^".json".Length];
            if (!IsOneCodePoint(character)) continue;
            characters.Add(Parse(character, bytes, name));
        }
        if (characters.Count == 0)
            throw new InvalidDataException($"'{source}' holds no character data (expected {Package}'s <character>.json files).");
        characters.Sort((a, b) => char.ConvertToUtf32(a.Character, 0).CompareTo(char.ConvertToUtf32(b.Character, 0)));
        return (characters, licence ?? throw new InvalidDataException($"'{source}' lacks the package's licence, {LicenceFile}."));
    }

    private static bool IsOneCodePoint(string text)
        => text.Length == 1 ? !char.IsSurrogate(text[0]) : text.Length == 2 && char.IsSurrogatePair(text[0], text[1]);

    private static StrokeCharacter Parse(string character, byte[] json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var strokes = new List<float[]>();
            foreach (var stroke in document.RootElement.GetProperty("medians").EnumerateArray())
            {
                var points = new List<float>();
                foreach (var point in stroke.EnumerateArray())
                {
                    // hanzi-writer's y points up with the baseline at 900; turn it to image rows.
                    points.Add(point[0].GetSingle());
                    points.Add(900 - point[1].GetSingle());
                }
                if (points.Count < 2) throw new InvalidDataException("a stroke without points");
                strokes.Add([.. points]);
            }
            if (strokes.Count == 0) throw new InvalidDataException("no strokes");
            return new StrokeCharacter(character, strokes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"'{name}' is not hanzi-writer character data: {e.Message}", e);
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> FromFolder(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            yield return (file, File.ReadAllBytes(file));
    }

    private static IEnumerable<(string Name, byte[] Bytes)> FromTarball(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The stroke data '{path}' does not exist (give {Tarball} or its unpacked folder).", path);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        TarEntry? entry;
        while (true)
        {
            try
            {
                entry = tar.GetNextEntry();
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new InvalidDataException($"'{path}' is not a readable .tgz: {e.Message}", e);
            }
            if (entry is null) yield break;
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            using var bytes = new MemoryStream();
            entry.DataStream.CopyTo(bytes);
            yield return (entry.Name, bytes.ToArray());
        }
    }
}
