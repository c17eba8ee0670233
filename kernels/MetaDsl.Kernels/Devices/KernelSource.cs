namespace MetaDsl.Kernels.Devices;

/// <summary>
/// CUDA C++ source of a kernel as NVRTC compiles it: the main file, the headers it may
/// <c>#include</c> by name, and preprocessor defines (e.g. layer sizes) that specialize it.
/// </summary>
/// <param name="Name">File name of the main source, shown in compiler messages.</param>
/// <param name="Text">The main source text.</param>
/// <param name="Headers">Header file name → text, resolved by <c>#include "name"</c>.</param>
/// <param name="Defines">Each <c>NAME=VALUE</c> (or <c>NAME</c>) becomes a <c>-D</c> option.</param>
public sealed record KernelSource(
    string Name,
    string Text,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<string> Defines)
{
    /// <summary>A self-contained source with no headers and no defines.</summary>
    public KernelSource(string name, string text) : this(name, text, new Dictionary<string, string>(), []) { }
}
