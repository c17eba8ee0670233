namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// A failure of the CUDA driver, of NVRTC, or of finding them. Carries the error's name
/// (e.g. <c>CUDA_ERROR_INVALID_VALUE</c>, <c>NVRTC_ERROR_COMPILATION</c>, <c>LIBCUDA_NOT_FOUND</c>),
/// the call that failed, and for compilation failures the full compiler log.
/// </summary>
public sealed class CudaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The symbolic error name.</param>
    /// <param name="call">The API call (or step) that failed.</param>
    /// <param name="description">A human explanation.</param>
    /// <param name="compilerLog">NVRTC's or the JIT's log, when there is one.</param>
    public CudaException(string errorName, string call, string description, string? compilerLog = null)
        : base(Format(errorName, call, description, compilerLog))
    {
        ErrorName = errorName;
        Call = call;
        CompilerLog = compilerLog;
    }

    /// <summary>The symbolic error name.</summary>
    public string ErrorName { get; }

    /// <summary>The call that failed.</summary>
    public string Call { get; }

    /// <summary>The compiler's log for compilation failures; otherwise null.</summary>
    public string? CompilerLog { get; }

    private static string Format(string errorName, string call, string description, string? log) =>
        string.IsNullOrWhiteSpace(log)
            ? $"{call} failed with {errorName}: {description}"
            : $"{call} failed with {errorName}: {description}{Environment.NewLine}{log}";
}
