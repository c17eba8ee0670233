namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// Where the CUDA driver (<c>libcuda.so.1</c>) and NVRTC (<c>libnvrtc.so*</c>) may live, and which
/// file to pick. Pure functions of the environment and the file system so the search is testable
/// without a GPU; <see cref="CudaLibraryResolver"/> uses it to load the libraries.
/// </summary>
public static class CudaLibraryLocator
{
    /// <summary>The driver's file name: the driver installs it with this soname, never unversioned.</summary>
    public const string DriverFileName = "libcuda.so.1";

    private const string NvrtcPrefix = "libnvrtc.so";

    /// <summary>Directories searched for the driver, in order.</summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    public static IReadOnlyList<string> DriverSearchDirectories(Func<string, string?> environment) =>
        Distinct([
            .. SplitPath(environment("LD_LIBRARY_PATH")),
            "/usr/local/nvidia/lib64",        // where container runtimes mount the host's driver
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/lib/wsl/lib",
        ]);

    /// <summary>
    /// Directories searched for NVRTC, in order: the toolkit named by CUDA_PATH / CUDA_HOME / CUDA_ROOT,
    /// then LD_LIBRARY_PATH, then /usr/local/cuda and /usr/local/cuda-* (newest first), then the system.
    /// </summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="listDirectories">Lists sub-directories of a directory matching a pattern (for <c>/usr/local/cuda-*</c>).</param>
    public static IReadOnlyList<string> NvrtcSearchDirectories(
        Func<string, string?> environment, Func<string, string, IEnumerable<string>> listDirectories)
    {
        var explicitRoots = ((string[])["CUDA_PATH", "CUDA_HOME", "CUDA_ROOT"])
            .Select(environment).OfType<string>().Where(root => root.Length > 0);
        // Newest toolkit first: its NVRTC knows the newest GPU architectures.
        var installedRoots = listDirectories("/usr/local", "cuda-*").OrderByDescending(ToolkitVersion);
        return Distinct([
            .. explicitRoots.SelectMany(ToolkitLibraryDirectories),
            .. SplitPath(environment("LD_LIBRARY_PATH")),
            .. ToolkitLibraryDirectories("/usr/local/cuda"),
            .. installedRoots.SelectMany(ToolkitLibraryDirectories),
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib64",
        ]);
    }

    /// <summary>The driver's path in the first directory that has it, or null.</summary>
    public static string? FindDriver(IEnumerable<string> directories, Func<string, bool> fileExists) =>
        directories.Select(d => Path.Combine(d, DriverFileName)).FirstOrDefault(fileExists);

    /// <summary>
    /// The NVRTC library in the first directory that has one; within a directory the highest version
    /// (<c>libnvrtc.so.13</c> over <c>libnvrtc.so.12.4.127</c>, any versioned name over bare <c>libnvrtc.so</c>).
    /// </summary>
    public static string? FindNvrtc(IEnumerable<string> directories, Func<string, IEnumerable<string>> listFiles)
    {
        foreach (var directory in directories)
        {
            var best = listFiles(directory)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name == NvrtcPrefix || name.StartsWith(NvrtcPrefix + ".", StringComparison.Ordinal))
                .Select(name => (Name: name, Version: NvrtcVersion(name)))
                .Where(candidate => candidate.Version is not null)
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Name)
                .FirstOrDefault();
            if (best is not null) return Path.Combine(directory, best);
        }
        return null;
    }

    /// <summary>Lists files of a real directory, or nothing when it does not exist or cannot be read.</summary>
    public static IEnumerable<string> ListFiles(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory, NvrtcPrefix + "*") : [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Lists sub-directories of a real directory matching a pattern, or nothing.</summary>
    public static IEnumerable<string> ListDirectories(string directory, string pattern)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetDirectories(directory, pattern) : [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // "libnvrtc.so" → 0; "libnvrtc.so.12.4.127" → 12.4.127; anything unparsable (e.g. ".so.alt") → null.
    private static Version? NvrtcVersion(string fileName)
    {
        var suffix = fileName[NvrtcPrefix.Length..].TrimStart('.');
        if (suffix.Length == 0) return new Version(0, 0);
        var parts = suffix.Split('.');
        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
            if (i >= 4 || !int.TryParse(parts[i], out numbers[i])) return null;
        return new Version(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static Version ToolkitVersion(string directory) =>
        Version.TryParse(Path.GetFileName(directory).Replace("cuda-", "", StringComparison.Ordinal), out var version)
            ? version
            : new Version(0, 0);

    private static IEnumerable<string> ToolkitLibraryDirectories(string root) =>
        [Path.Combine(root, "lib64"), Path.Combine(root, "targets", "x86_64-linux", "lib")];

    private static IEnumerable<string> SplitPath(string? value) =>
        (value ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IReadOnlyList<string> Distinct(IEnumerable<string> directories) =>
        [.. directories.Distinct(StringComparer.Ordinal)];
}
