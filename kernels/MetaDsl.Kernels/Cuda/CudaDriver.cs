using System.Runtime.InteropServices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// The subset of the CUDA driver API this layer uses, bound to libcuda.so.1. Results are raw
/// <c>CUresult</c> codes; <see cref="CudaCheck"/> turns failures into <see cref="CudaException"/>.
/// The <c>_v2</c> entry points are the ones cuda.h maps the plain names to (64-bit sizes and pointers).
/// </summary>
internal static unsafe class CudaDriver
{
    private const string Library = CudaLibraryLocator.DriverFileName;

    internal const int Success = 0;
    internal const int AttributeMaxThreadsPerBlock = 1;
    internal const int AttributeWarpSize = 10;
    internal const int AttributeMultiprocessorCount = 16;
    internal const int AttributeComputeCapabilityMajor = 75;
    internal const int AttributeComputeCapabilityMinor = 76;
    internal const int AttributeMaxSharedMemoryPerBlockOptIn = 97;
    internal const int FunctionAttributeMaxDynamicSharedSizeBytes = 8;
    internal const int JitErrorLogBuffer = 5;
    internal const int JitErrorLogBufferSizeBytes = 6;
    internal const uint StreamNonBlocking = 1;
    internal const uint EventDefault = 0;

    static CudaDriver() => CudaLibraryResolver.EnsureInstalled();

    [DllImport(Library)] internal static extern int cuInit(uint flags);
    [DllImport(Library)] internal static extern int cuDriverGetVersion(out int version);
    [DllImport(Library)] internal static extern int cuDeviceGetCount(out int count);
    [DllImport(Library)] internal static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport(Library)] internal static extern int cuDeviceGetName(byte* name, int length, int device);
    [DllImport(Library)] internal static extern int cuDeviceGetAttribute(out int value, int attribute, int device);
    [DllImport(Library)] internal static extern int cuDeviceTotalMem_v2(out nuint bytes, int device);
    [DllImport(Library)] internal static extern int cuDevicePrimaryCtxRetain(out nint context, int device);
    [DllImport(Library)] internal static extern int cuDevicePrimaryCtxRelease_v2(int device);
    [DllImport(Library)] internal static extern int cuCtxSetCurrent(nint context);
    [DllImport(Library)] internal static extern int cuStreamCreate(out nint stream, uint flags);
    [DllImport(Library)] internal static extern int cuStreamSynchronize(nint stream);
    [DllImport(Library)] internal static extern int cuStreamDestroy_v2(nint stream);
    [DllImport(Library)] internal static extern int cuModuleLoadDataEx(out nint module, byte* image, uint optionCount, int* options, void** optionValues);
    [DllImport(Library)] internal static extern int cuModuleGetFunction(out nint function, nint module, byte* name);
    [DllImport(Library)] internal static extern int cuModuleUnload(nint module);
    [DllImport(Library)] internal static extern int cuFuncSetAttribute(nint function, int attribute, int value);
    [DllImport(Library)]
    internal static extern int cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** kernelParameters, void** extra);
    [DllImport(Library)] internal static extern int cuMemAlloc_v2(out ulong address, nuint bytes);
    [DllImport(Library)] internal static extern int cuMemFree_v2(ulong address);
    [DllImport(Library)] internal static extern int cuMemcpyHtoDAsync_v2(ulong destination, void* source, nuint bytes, nint stream);
    [DllImport(Library)] internal static extern int cuMemcpyDtoHAsync_v2(void* destination, ulong source, nuint bytes, nint stream);
    [DllImport(Library)] internal static extern int cuMemcpyDtoDAsync_v2(ulong destination, ulong source, nuint bytes, nint stream);
    [DllImport(Library)] internal static extern int cuMemsetD8Async(ulong destination, byte value, nuint count, nint stream);
    [DllImport(Library)] internal static extern int cuEventCreate(out nint evt, uint flags);
    [DllImport(Library)] internal static extern int cuEventRecord(nint evt, nint stream);
    [DllImport(Library)] internal static extern int cuEventSynchronize(nint evt);
    [DllImport(Library)] internal static extern int cuEventElapsedTime(out float milliseconds, nint start, nint end);
    [DllImport(Library)] internal static extern int cuEventDestroy_v2(nint evt);
    [DllImport(Library)] internal static extern int cuGetErrorName(int result, out byte* name);
    [DllImport(Library)] internal static extern int cuGetErrorString(int result, out byte* description);
}
