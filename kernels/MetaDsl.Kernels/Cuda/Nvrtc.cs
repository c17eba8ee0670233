using System.Runtime.InteropServices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>The NVRTC API this layer uses, bound through <see cref="CudaLibraryResolver"/> to a versioned libnvrtc.so.</summary>
internal static unsafe class Nvrtc
{
    private const string Library = CudaLibraryResolver.NvrtcLibrary;

    internal const int Success = 0;

    static Nvrtc() => CudaLibraryResolver.EnsureInstalled();

    [DllImport(Library)] internal static extern int nvrtcVersion(out int major, out int minor);
    [DllImport(Library)] internal static extern int nvrtcGetNumSupportedArchs(out int count);
    [DllImport(Library)] internal static extern int nvrtcGetSupportedArchs(int* architectures);
    [DllImport(Library)]
    internal static extern int nvrtcCreateProgram(out nint program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);
    [DllImport(Library)] internal static extern int nvrtcCompileProgram(nint program, int optionCount, byte** options);
    [DllImport(Library)] internal static extern int nvrtcGetProgramLogSize(nint program, out nuint size);
    [DllImport(Library)] internal static extern int nvrtcGetProgramLog(nint program, byte* log);
    [DllImport(Library)] internal static extern int nvrtcGetPTXSize(nint program, out nuint size);
    [DllImport(Library)] internal static extern int nvrtcGetPTX(nint program, byte* ptx);
    [DllImport(Library)] internal static extern int nvrtcGetCUBINSize(nint program, out nuint size);
    [DllImport(Library)] internal static extern int nvrtcGetCUBIN(nint program, byte* cubin);
    [DllImport(Library)] internal static extern int nvrtcDestroyProgram(ref nint program);
    [DllImport(Library)] internal static extern byte* nvrtcGetErrorString(int result);
}
