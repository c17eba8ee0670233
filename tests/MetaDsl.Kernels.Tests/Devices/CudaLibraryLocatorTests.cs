using MetaDsl.Kernels.Cuda;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>The library search, on fake directory trees.</summary>
public sealed class CudaLibraryLocatorTests
{
    private static readonly Dictionary<string, string[]> Files = new()
    {
        ["/opt/cuda/lib64"] = ["libnvrtc.so.12.4.127", "libnvrtc.so.12", "libnvrtc-builtins.so.12.4", "libnvrtc.so.13.0.48", "libnvrtc.so"],
        ["/usr/local/cuda-11.8/lib64"] = ["libnvrtc.so.11.2"],
        ["/usr/lib/x86_64-linux-gnu"] = ["libnvrtc.so.12", "libcuda.so.1"],
    };

    private static IEnumerable<string> List(string directory) =>
        Files.TryGetValue(directory, out var names) ? names.Select(n => Path.Combine(directory, n)) : [];

    [Fact]
    public void Picks_the_highest_versioned_nvrtc_in_the_first_directory_that_has_one()
    {
        Assert.Equal("/opt/cuda/lib64/libnvrtc.so.13.0.48",
            CudaLibraryLocator.FindNvrtc(["/nowhere", "/opt/cuda/lib64", "/usr/lib/x86_64-linux-gnu"], List));
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libnvrtc.so.12",
            CudaLibraryLocator.FindNvrtc(["/usr/lib/x86_64-linux-gnu", "/opt/cuda/lib64"], List));
    }

    [Fact]
    public void Ignores_builtins_and_reports_nothing_when_absent()
    {
        Assert.Null(CudaLibraryLocator.FindNvrtc(["/nowhere"], List));
        Files.TryAdd("/only/builtins", ["libnvrtc-builtins.so.12"]);
        Assert.Null(CudaLibraryLocator.FindNvrtc(["/only/builtins"], List));
    }

    [Fact]
    public void Nvrtc_search_puts_explicit_toolkits_first_then_ld_library_path_then_installs()
    {
        var environment = new Dictionary<string, string> { ["CUDA_PATH"] = "/opt/cuda", ["LD_LIBRARY_PATH"] = "/custom/lib::/other" };
        var directories = CudaLibraryLocator.NvrtcSearchDirectories(
            name => environment.GetValueOrDefault(name),
            (_, _) => ["/usr/local/cuda-11.8", "/usr/local/cuda-12.4", "/usr/local/cuda-12.10"]);
        Assert.Equal("/opt/cuda/lib64", directories[0]);
        Assert.True(directories.ToList().IndexOf("/custom/lib") < directories.ToList().IndexOf("/usr/local/cuda/lib64"));
        var installs = directories.Where(d => d.StartsWith("/usr/local/cuda-", StringComparison.Ordinal) && d.EndsWith("lib64", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/usr/local/cuda-12.10/lib64", "/usr/local/cuda-12.4/lib64", "/usr/local/cuda-11.8/lib64"], installs);
        Assert.Contains("/usr/lib/x86_64-linux-gnu", directories);
        Assert.Equal(directories.Count, directories.Distinct().Count());
    }

    [Fact]
    public void Driver_search_covers_container_and_distribution_paths()
    {
        var directories = CudaLibraryLocator.DriverSearchDirectories(_ => null);
        Assert.Contains("/usr/local/nvidia/lib64", directories);
        Assert.Contains("/usr/lib/x86_64-linux-gnu", directories);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libcuda.so.1",
            CudaLibraryLocator.FindDriver(directories, path => path == "/usr/lib/x86_64-linux-gnu/libcuda.so.1"));
        Assert.Null(CudaLibraryLocator.FindDriver(directories, _ => false));
    }

    [Fact]
    public void Real_directory_listing_tolerates_missing_directories()
    {
        Assert.Empty(CudaLibraryLocator.ListFiles("/definitely/not/here"));
        Assert.Empty(CudaLibraryLocator.ListDirectories("/definitely/not/here", "cuda-*"));
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "libnvrtc.so.12"), "");
            File.WriteAllText(Path.Combine(directory.FullName, "unrelated.so"), "");
            Assert.Equal(Path.Combine(directory.FullName, "libnvrtc.so.12"),
                CudaLibraryLocator.FindNvrtc([directory.FullName], CudaLibraryLocator.ListFiles));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
