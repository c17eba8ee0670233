namespace MetaDsl.Checkpoints;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory, is
/// flushed to disk, and is then moved over the target. A failure at any point leaves the old file
/// as it was (a move within one directory is atomic on the file systems .NET supports). A target that
/// is a symbolic link stays one (the file it points to is replaced), and an existing file keeps its
/// permission bits. Temporary files that an interrupted save left behind (the process was killed) are
/// removed the next time the same file is checked or written.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts in the stream, creating the directory if needed.</summary>
    /// <exception cref="Exception">Whatever <paramref name="write"/> or the file system throws; the target is then untouched and the temporary file removed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Resolve(path);
        string directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        Directory.CreateDirectory(directory);
        RemoveLeftovers(target);
        string temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // FileShare.None locks the file, which tells a concurrent RemoveLeftovers that this save is alive.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(target))
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { /* The original error matters more than a leftover temporary file. */ }
            catch (UnauthorizedAccessException) { /* Same. */ }
            throw;
        }
    }

    /// <summary>
    /// Checks, before any work is done, that <see cref="Write"/> could replace <paramref name="path"/>:
    /// it is not a directory, an existing file is writable, and the directory (or, when it does not exist
    /// yet, the nearest existing one above it) lets files be created. Leftover temporary files of the
    /// target are removed.
    /// </summary>
    /// <exception cref="IOException">The path is a directory, or under a file, or its directory cannot be written; the message says which.</exception>
    /// <exception cref="UnauthorizedAccessException">The existing file is read-only for this user.</exception>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Resolve(path);
        if (Directory.Exists(target))
            throw new IOException($"'{path}' is a directory; give a file name.");
        if (File.Exists(target))
        {
            try
            {
                // Opening for writing without truncating tests the permission and changes nothing.
                using var _ = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (UnauthorizedAccessException)
            {
                throw new UnauthorizedAccessException($"'{path}' exists and is read-only; make it writable or choose another file.");
            }
        }
        string? directory = Path.GetDirectoryName(target);
        while (directory is not null && !Directory.Exists(directory))
        {
            if (File.Exists(directory))
                throw new IOException($"'{path}' cannot be created: '{directory}' is a file, not a directory.");
            directory = Path.GetDirectoryName(directory);
        }
        if (directory is null)
            throw new IOException($"'{path}' names no directory that exists.");
        try
        {
            using var probe = new FileStream(Path.Combine(directory, $".metadsl-probe.{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"'{path}' cannot be written: files cannot be created in '{directory}' ({e.Message}).", e);
        }
        if (Directory.Exists(Path.GetDirectoryName(target))) RemoveLeftovers(target);
    }

    /// <summary>The file a write to <paramref name="path"/> replaces: the path itself, or the final target when it is a symbolic link.</summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        return info.LinkTarget is null ? full : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>Deletes temporary files of <paramref name="target"/> that no live save holds open.</summary>
    private static void RemoveLeftovers(string target)
    {
        string directory = Path.GetDirectoryName(target)!;
        string prefix = $".{Path.GetFileName(target)}.";
        foreach (string leftover in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
        {
            // Only this target's own temporaries: the prefix, 32 hex digits, ".tmp" (".a.b.<guid>.tmp" belongs to "a.b", not "a").
            string middle = Path.GetFileName(leftover)[prefix.Length..^".tmp".Length];
            if (middle.Length != 32 || !middle.All(char.IsAsciiHexDigit)) continue;
            try
            {
                using (new FileStream(leftover, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // A save in progress holds it locked; it will move or delete the file itself.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove.
            }
        }
    }
}
