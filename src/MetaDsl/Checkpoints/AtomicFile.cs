namespace MetaDsl.Checkpoints;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory, is
/// flushed to disk, and is then moved over the target. A failure at any point leaves the old file
/// as it was (a move within one directory is atomic on the file systems .NET supports).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts in the stream, creating the directory if needed.</summary>
    /// <exception cref="Exception">Whatever <paramref name="write"/> or the file system throws; the target is then untouched and the temporary file removed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { /* The original error matters more than a leftover temporary file. */ }
            catch (UnauthorizedAccessException) { /* Same. */ }
            throw;
        }
    }
}
