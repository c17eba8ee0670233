namespace MetaDsl.Kernels.Devices;

/// <summary>The kind of device an <see cref="Accelerator"/> drives.</summary>
public enum AcceleratorType
{
    /// <summary>The host CPU, running the C# twins of the kernels.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU driven through the CUDA driver API and NVRTC.</summary>
    Cuda,
}
