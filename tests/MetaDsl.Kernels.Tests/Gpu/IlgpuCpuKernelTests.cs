using Xunit.Abstractions;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>The device kernel suite on ILGPU's CPU accelerator (NVIDIA-like: warp 32), which every machine has.</summary>
public sealed class IlgpuCpuKernelTests(IlgpuCpuFixture fixture, ITestOutputHelper output)
    : DeviceKernelSuite(fixture, output), IClassFixture<IlgpuCpuFixture>;
