using System.Reflection;
using System.Runtime.InteropServices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// Loads the CUDA driver and NVRTC for this assembly's <c>DllImport</c>s. NVRTC ships only under
/// versioned names (libnvrtc.so.12, libnvrtc.so.13) that the default loader would never guess, so
/// the resolver maps the logical name <see cref="NvrtcLibrary"/> to the file the locator picks.
/// Each library is located and loaded once per process; the outcome, success or reason, is cached.
/// </summary>
internal static class CudaLibraryResolver
{
    /// <summary>The logical library name NVRTC's <c>DllImport</c>s use.</summary>
    internal const string NvrtcLibrary = "libnvrtc";

    private static readonly Lazy<LoadResult> Driver = new(LoadDriver);
    private static readonly Lazy<LoadResult> Nvrtc = new(LoadNvrtc);

    // The runtime allows one resolver per assembly; this is it (the CPU kernels import nothing native).
    static CudaLibraryResolver() => NativeLibrary.SetDllImportResolver(typeof(CudaLibraryResolver).Assembly, Resolve);

    /// <summary>Runs the static constructor, installing the resolver; called before any P/Invoke.</summary>
    internal static void EnsureInstalled() { }

    /// <summary>Loads libcuda.so.1, or says why it cannot.</summary>
    internal static bool TryLoadDriver(out string reason) => Driver.Value.Report(out reason);

    /// <summary>Loads NVRTC, or says why it cannot.</summary>
    internal static bool TryLoadNvrtc(out string reason) => Nvrtc.Value.Report(out reason);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        CudaLibraryLocator.DriverFileName => Driver.Value.Handle,
        NvrtcLibrary => Nvrtc.Value.Handle,
        _ => 0,   // not ours: let the runtime's default probing handle it
    };

    private static LoadResult LoadDriver()
    {
        // The dynamic loader's own search (ld.so.cache) finds a normally installed driver.
        if (NativeLibrary.TryLoad(CudaLibraryLocator.DriverFileName, out var handle))
            return new LoadResult(handle, CudaLibraryLocator.DriverFileName);
        var directories = CudaLibraryLocator.DriverSearchDirectories(Environment.GetEnvironmentVariable);
        var path = CudaLibraryLocator.FindDriver(directories, File.Exists);
        return Load(path, "The NVIDIA driver library libcuda.so.1", directories);
    }

    private static LoadResult LoadNvrtc()
    {
        var directories = CudaLibraryLocator.NvrtcSearchDirectories(
            Environment.GetEnvironmentVariable, CudaLibraryLocator.ListDirectories);
        var path = CudaLibraryLocator.FindNvrtc(directories, CudaLibraryLocator.ListFiles);
        return Load(path, "The NVRTC runtime compiler libnvrtc.so*", directories);
    }

    private static LoadResult Load(string? path, string what, IReadOnlyList<string> searched)
    {
        if (path is null)
            return new LoadResult(0, $"{what} was not found (searched the loader's default paths and {string.Join(", ", searched)}).");
        try
        {
            return new LoadResult(NativeLibrary.Load(path), path);
        }
        catch (Exception error) when (error is DllNotFoundException or BadImageFormatException)
        {
            return new LoadResult(0, $"{what} was found at {path} but could not be loaded: {error.Message}");
        }
    }

    /// <summary>A library handle (0 when loading failed) and where it came from, or why it failed.</summary>
    private sealed record LoadResult(nint Handle, string Detail)
    {
        public bool Report(out string reason)
        {
            reason = Detail;
            return Handle != 0;
        }
    }
}
