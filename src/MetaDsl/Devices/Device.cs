using ILGPU;
using ILGPU.Runtime;
using MetaDsl.Kernels.Gpu;

namespace MetaDsl;

/// <summary>
/// Where work runs: <see cref="Cpu"/> (the generated SIMD code, the default), <see cref="IlgpuCpu"/>
/// (ILGPU's CPU accelerator shaped like a GPU), <see cref="Cuda"/> (a GPU) or <see cref="Best"/>.
/// Algorithms take one in their options. A device is thread-safe to share: launches on its
/// accelerator are serialized through <see cref="Acquire"/>. <see cref="Cpu"/> and <see cref="IlgpuCpu"/>
/// are process-wide and ignore <see cref="Dispose"/>; a device from <see cref="Cuda"/> owns its GPU context.
/// </summary>
public sealed class Device : IDisposable
{
    private static readonly Lazy<Device> SharedIlgpuCpu = new(() =>
    {
        var (context, accelerator) = AcceleratorFactory.CreateCpu();
        return new Device(DeviceKind.IlgpuCpu, "ilgpu-cpu", context, accelerator, shared: true);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Context? _context;
    private readonly Accelerator? _accelerator;
    private readonly bool _shared;
    private bool _disposed;

    private Device(DeviceKind kind, string name, Context? context, Accelerator? accelerator, bool shared)
    {
        Kind = kind;
        Name = name;
        _context = context;
        _accelerator = accelerator;
        _shared = shared;
    }

    /// <summary>The CPU through the generated SIMD C#: no accelerator.</summary>
    public static Device Cpu { get; } = new(DeviceKind.Cpu, "cpu", null, null, shared: true);

    /// <summary>ILGPU's CPU accelerator (warp 32, 1,024 threads a group), created on first use and shared by the process.</summary>
    public static Device IlgpuCpu => SharedIlgpuCpu.Value;

    /// <summary>What kind of device this is.</summary>
    public DeviceKind Kind { get; }

    /// <summary>A short name: <c>cpu</c>, <c>ilgpu-cpu</c>, or <c>cuda:N (GPU name)</c>.</summary>
    public string Name { get; }

    /// <summary>True when work runs on an ILGPU accelerator rather than through the SIMD CPU path.</summary>
    public bool IsAccelerator => Kind != DeviceKind.Cpu;

    /// <summary>The ILGPU accelerator; throws for <see cref="Cpu"/> or a disposed device.</summary>
    internal Accelerator Accelerator
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _accelerator ?? throw new InvalidOperationException("Device.Cpu has no accelerator: it runs the generated SIMD code.");
        }
    }

    private readonly object _gate = new();

    /// <summary>
    /// Holds the device for the calling thread until the lease is disposed: threads sharing the device do not
    /// interleave launches, and the accelerator's context is current on this thread (CUDA makes a context current per
    /// thread, and a caller may come from any thread: a test runner's, a thread pool's).
    /// </summary>
    internal Lease Acquire()
    {
        Monitor.Enter(_gate);
        try
        {
            Accelerator.Bind();
        }
        catch
        {
            Monitor.Exit(_gate);
            throw;
        }
        return new Lease(_gate);
    }

    /// <summary>A thread's hold on the device, from <see cref="Acquire"/>.</summary>
    internal readonly struct Lease(object gate) : IDisposable
    {
        /// <summary>Lets the next thread in.</summary>
        public void Dispose() => Monitor.Exit(gate);
    }

    /// <summary>
    /// GPU <paramref name="ordinal"/> through ILGPU's CUDA backend. Throws <see cref="DeviceUnavailableException"/>
    /// naming what was looked for (the NVIDIA driver library, a device with that ordinal) when there is none.
    /// </summary>
    public static Device Cuda(int ordinal = 0)
    {
        var (context, accelerator) = AcceleratorFactory.CreateCuda(ordinal);
        return new Device(DeviceKind.Cuda, $"cuda:{ordinal} ({accelerator.Name})", context, accelerator, shared: false);
    }

    /// <summary>
    /// CUDA GPU 0 when ILGPU finds one, else <see cref="Cpu"/>; writes one line saying which and why to
    /// <paramref name="log"/> (standard error when null).
    /// </summary>
    public static Device Best(TextWriter? log = null)
    {
        log ??= Console.Error;
        if (AcceleratorFactory.IsCudaAvailable(out var reason))
        {
            var device = Cuda();
            log.WriteLine($"device: {device.Name} (Device.Best: a CUDA GPU was found)");
            return device;
        }
        log.WriteLine($"device: cpu (Device.Best: {reason})");
        return Cpu;
    }

    /// <summary>The device a command-line name stands for: <c>cpu</c>, <c>ilgpu-cpu</c>, <c>cuda</c> or <c>cuda:N</c>, <c>best</c>.</summary>
    public static Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return Cpu;
        if (text == "ilgpu-cpu") return IlgpuCpu;
        if (text == "best") return Best();
        if (text == "cuda") return Cuda();
        if (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out int ordinal) && ordinal >= 0)
            return Cuda(ordinal);
        throw new ArgumentException($"Unknown device '{name}': expected cpu, cuda, cuda:N, ilgpu-cpu or best.", nameof(name));
    }

    /// <summary>Releases a CUDA device's context; the shared <see cref="Cpu"/> and <see cref="IlgpuCpu"/> stay.</summary>
    public void Dispose()
    {
        if (_shared) return;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _accelerator?.Bind();
            _accelerator?.Dispose();
            _context?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
