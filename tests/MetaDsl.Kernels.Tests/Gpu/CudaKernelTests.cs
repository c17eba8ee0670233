using Xunit.Abstractions;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>The device kernel suite on the first CUDA GPU; every test skips, naming what was looked for, where there is none.</summary>
public sealed class CudaKernelTests(CudaFixture fixture, ITestOutputHelper output)
    : DeviceKernelSuite(fixture, output), IClassFixture<CudaFixture>;
