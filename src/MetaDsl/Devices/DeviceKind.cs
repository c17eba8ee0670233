namespace MetaDsl;

/// <summary>The kinds of place where meta-learning runs.</summary>
public enum DeviceKind
{
    /// <summary>This process's CPU cores through the generated SIMD C# (the default).</summary>
    Cpu,

    /// <summary>ILGPU's CPU accelerator, set up like an NVIDIA GPU (warp 32): the GPU kernels without a GPU.</summary>
    IlgpuCpu,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,
}
