using MetaDsl.Checkpoints;

namespace MetaDsl.Cli.Commands;

/// <summary>Checks every file a command will write before it starts work, so a run is never lost to a path found unwritable at its end.</summary>
internal static class OutputFiles
{
    /// <summary>
    /// Checks each given path (null ones are not written): it is writable (see <see cref="AtomicFile.CheckWritable"/>),
    /// and no two options, nor an output and one of <paramref name="inputs"/>, name the same file.
    /// </summary>
    /// <exception cref="UsageException">A path cannot be written or is named twice; the message names the option.</exception>
    public static void Check(IEnumerable<(string Option, string? Path)> outputs, params (string Option, string? Path)[] inputs)
    {
        var seen = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (option, path) in inputs)
            if (path is not null) seen.TryAdd(AtomicFile.Resolve(path), option);
        foreach (var (option, path) in outputs)
        {
            if (path is null) continue;
            string target;
            try
            {
                target = AtomicFile.Resolve(path);
                AtomicFile.CheckWritable(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"{option}: {e.Message}");
            }
            if (!seen.TryAdd(target, option))
                throw new UsageException($"{option} '{path}' is the same file as {seen[target]}; give each its own file.");
        }
    }
}
