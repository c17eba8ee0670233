using System.Runtime.InteropServices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>Turns CUDA driver and NVRTC result codes into <see cref="CudaException"/>s with their names.</summary>
internal static unsafe class CudaCheck
{
    /// <summary>Throws unless <paramref name="result"/> is CUDA_SUCCESS.</summary>
    internal static void Driver(int result, string call)
    {
        if (result != CudaDriver.Success) throw DriverError(result, call);
    }

    /// <summary>The exception for a failed driver call.</summary>
    internal static CudaException DriverError(int result, string call)
    {
        var name = CudaDriver.cuGetErrorName(result, out var namePointer) == CudaDriver.Success
            ? Marshal.PtrToStringUTF8((nint)namePointer) ?? $"CUDA_ERROR_{result}"
            : $"CUDA_ERROR_{result}";
        var description = CudaDriver.cuGetErrorString(result, out var textPointer) == CudaDriver.Success
            ? Marshal.PtrToStringUTF8((nint)textPointer) ?? "unknown error"
            : $"unrecognized CUresult {result}";
        return new CudaException(name, call, description);
    }

    /// <summary>Throws unless <paramref name="result"/> is NVRTC_SUCCESS; attaches <paramref name="log"/> when given.</summary>
    internal static void Nvrtc(int result, string call, string? log = null)
    {
        if (result == Cuda.Nvrtc.Success) return;
        var name = Marshal.PtrToStringUTF8((nint)Cuda.Nvrtc.nvrtcGetErrorString(result)) ?? $"NVRTC_ERROR_{result}";
        throw new CudaException(name, call, log is null ? "NVRTC call failed." : "NVRTC could not compile the program; its log follows.", log);
    }
}
