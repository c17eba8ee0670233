using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>
/// One accelerator shared by a test class, or the reason there is none (then every test of the
/// suite skips with that reason). Compiled kernels stay cached on the accelerator between tests.
/// </summary>
public abstract class AcceleratorFixture : IDisposable
{
    private readonly Context? _context;

    /// <summary>Creates the accelerator with <paramref name="create"/>, or records why it cannot be had.</summary>
    protected AcceleratorFixture(Func<(Context, Accelerator)> create)
    {
        try
        {
            (_context, Accelerator) = create();
        }
        catch (DeviceUnavailableException e)
        {
            SkipReason = e.Message;
        }
    }

    /// <summary>The accelerator, or null when <see cref="SkipReason"/> says why not.</summary>
    public Accelerator? Accelerator { get; }

    /// <summary>Why there is no accelerator; null when there is one.</summary>
    public string? SkipReason { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Accelerator?.Dispose();
        _context?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>ILGPU's CPU accelerator in its NVIDIA-like setup: always present.</summary>
public sealed class IlgpuCpuFixture() : AcceleratorFixture(AcceleratorFactory.CreateCpu);

/// <summary>The first CUDA GPU, where a driver and a device are found.</summary>
public sealed class CudaFixture() : AcceleratorFixture(() => AcceleratorFactory.CreateCuda());
