namespace MetaDsl.Kernels.Cuda;

/// <summary>What NVRTC produced for one source and architecture.</summary>
/// <param name="Image">A CUBIN, or null-terminated PTX the driver compiles when loading.</param>
/// <param name="Target">The <c>--gpu-architecture</c> value used (<c>sm_XY</c> gives CUBIN, <c>compute_XY</c> PTX).</param>
/// <param name="Log">NVRTC's log (warnings), possibly empty.</param>
internal sealed record CompiledImage(byte[] Image, string Target, string Log);
