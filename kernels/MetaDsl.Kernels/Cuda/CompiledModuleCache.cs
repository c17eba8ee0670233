using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// Per-process cache of NVRTC output keyed by a hash of the source (text, headers, defines) and the
/// architecture, so each specialization is compiled once however many accelerators or definitions use it.
/// </summary>
internal static class CompiledModuleCache
{
    private static readonly ConcurrentDictionary<string, Lazy<CompiledImage>> Images = new();

    /// <summary>The image for <paramref name="source"/> on <paramref name="architecture"/>, compiling on first use.</summary>
    internal static CompiledImage GetOrCompile(KernelSource source, CudaArchitecture architecture)
    {
        var key = Key(source, architecture);
        var entry = Images.GetOrAdd(key, _ => new Lazy<CompiledImage>(() => NvrtcCompiler.Compile(source, architecture)));
        try
        {
            return entry.Value;
        }
        catch
        {
            // Do not cache failures: a fixed source or environment should be retried.
            Images.TryRemove(new KeyValuePair<string, Lazy<CompiledImage>>(key, entry));
            throw;
        }
    }

    /// <summary>A stable key: SHA-256 of every input NVRTC sees, plus the architecture.</summary>
    internal static string Key(KernelSource source, CudaArchitecture architecture)
    {
        var text = new StringBuilder()
            .Append(source.Name).Append('\0').Append(source.Text).Append('\0');
        foreach (var (name, header) in source.Headers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            text.Append(name).Append('\0').Append(header).Append('\0');
        foreach (var define in source.Defines) text.Append("-D").Append(define).Append('\0');
        return $"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))}/{architecture}";
    }
}
