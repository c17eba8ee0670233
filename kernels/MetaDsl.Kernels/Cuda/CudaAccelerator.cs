using System.Text;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// An NVIDIA GPU driven through the CUDA driver API, with kernels compiled by NVRTC at run time.
/// It uses the device's primary context (the one the CUDA runtime and other libraries share) and
/// one non-blocking stream: copies and launches are queued in order on it; copies to the host wait.
/// Safe to call from any thread: each call makes the context current on the calling thread.
/// </summary>
public sealed unsafe class CudaAccelerator : Accelerator
{
    private readonly int _device;
    private readonly nint _context;
    private readonly nint _stream;
    private readonly Lock _modulesGate = new();
    private readonly Dictionary<string, nint> _modules = [];

    internal CudaAccelerator(Context context, int deviceOrdinal) : base(context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceOrdinal);
        RequireLibraries();
        CudaCheck.Driver(CudaDriver.cuInit(0), "cuInit");
        CudaCheck.Driver(CudaDriver.cuDeviceGetCount(out var count), "cuDeviceGetCount");
        if (deviceOrdinal >= count)
            throw new CudaException("CUDA_ERROR_INVALID_DEVICE", $"cuDeviceGet({deviceOrdinal})",
                $"device {deviceOrdinal} was requested but the driver reports {count} CUDA device(s).");
        CudaCheck.Driver(CudaDriver.cuDeviceGet(out _device, deviceOrdinal), "cuDeviceGet");
        DeviceOrdinal = deviceOrdinal;
        Name = ReadName(_device);
        Architecture = new CudaArchitecture(
            Attribute(CudaDriver.AttributeComputeCapabilityMajor), Attribute(CudaDriver.AttributeComputeCapabilityMinor));
        MultiprocessorCount = Attribute(CudaDriver.AttributeMultiprocessorCount);
        MaxThreadsPerBlock = Attribute(CudaDriver.AttributeMaxThreadsPerBlock);
        MaxSharedMemoryPerBlock = Attribute(CudaDriver.AttributeMaxSharedMemoryPerBlockOptIn);
        WarpSize = Attribute(CudaDriver.AttributeWarpSize);
        CudaCheck.Driver(CudaDriver.cuDeviceTotalMem_v2(out var memory, _device), "cuDeviceTotalMem_v2");
        TotalMemoryBytes = (long)memory;
        CudaCheck.Driver(CudaDriver.cuDriverGetVersion(out var driver), "cuDriverGetVersion");
        DriverVersion = $"{driver / 1000}.{driver % 1000 / 10}";
        NvrtcVersion = NvrtcCompiler.Version();
        CudaCheck.Driver(CudaDriver.cuDevicePrimaryCtxRetain(out _context, _device), "cuDevicePrimaryCtxRetain");
        Bind();
        CudaCheck.Driver(CudaDriver.cuStreamCreate(out _stream, CudaDriver.StreamNonBlocking), "cuStreamCreate");
    }

    /// <summary>
    /// Whether a CUDA accelerator can be created: driver, at least one device, and NVRTC present.
    /// Never throws; <paramref name="reason"/> says what is missing, or describes device 0 when usable.
    /// </summary>
    public static bool IsAvailable(out string reason)
    {
        try
        {
            if (!CudaLibraryResolver.TryLoadDriver(out reason)) return false;
            CudaCheck.Driver(CudaDriver.cuInit(0), "cuInit");
            CudaCheck.Driver(CudaDriver.cuDeviceGetCount(out var count), "cuDeviceGetCount");
            if (count == 0)
            {
                reason = "The CUDA driver is installed but reports no CUDA device.";
                return false;
            }
            if (!CudaLibraryResolver.TryLoadNvrtc(out reason)) return false;
            CudaCheck.Driver(CudaDriver.cuDeviceGet(out var device, 0), "cuDeviceGet");
            reason = $"{count} CUDA device(s); device 0 is {ReadName(device)}; NVRTC {NvrtcCompiler.Version()}.";
            return true;
        }
        catch (Exception error)
        {
            reason = $"CUDA is unusable: {error.Message}";
            return false;
        }
    }

    /// <inheritdoc/>
    public override AcceleratorType Type => AcceleratorType.Cuda;

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override int MaxThreadsPerBlock { get; }

    /// <summary>The opt-in per-block limit; launches asking for more than 48 KiB opt in automatically.</summary>
    public override int MaxSharedMemoryPerBlock { get; }

    /// <inheritdoc/>
    public override int MultiprocessorCount { get; }

    /// <summary>The device's ordinal in the driver's enumeration.</summary>
    public int DeviceOrdinal { get; }

    /// <summary>The compute capability kernels are compiled for.</summary>
    public CudaArchitecture Architecture { get; }

    /// <summary>Threads per warp.</summary>
    public int WarpSize { get; }

    /// <summary>Global memory in bytes.</summary>
    public long TotalMemoryBytes { get; }

    /// <summary>The CUDA version the driver supports, as "major.minor".</summary>
    public string DriverVersion { get; }

    /// <summary>The NVRTC version, as "major.minor".</summary>
    public string NvrtcVersion { get; }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuStreamSynchronize(_stream), "cuStreamSynchronize");
    }

    /// <summary>Creates an event on this accelerator's stream, for timing GPU work.</summary>
    public CudaEvent CreateEvent()
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuEventCreate(out var handle, CudaDriver.EventDefault), "cuEventCreate");
        var created = new CudaEvent(this, handle);
        Register(created);
        return created;
    }

    internal nint Stream => _stream;

    /// <summary>Makes this accelerator's context current on the calling thread; the driver API is per-thread.</summary>
    internal void Bind()
    {
        ThrowIfDisposed();
        CudaCheck.Driver(CudaDriver.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
    }

    /// <summary>The loaded function for a definition, compiling and loading its module on first use.</summary>
    internal nint LoadFunction(KernelDefinition definition)
    {
        var image = CompiledModuleCache.GetOrCompile(definition.Source, Architecture);
        var key = CompiledModuleCache.Key(definition.Source, Architecture);
        nint module;
        lock (_modulesGate)
        {
            if (!_modules.TryGetValue(key, out module))
            {
                module = LoadModule(image, definition.Source.Name);
                _modules.Add(key, module);
            }
        }
        var name = Encoding.UTF8.GetBytes(definition.EntryPoint + "\0");
        nint function;
        fixed (byte* pointer = name)
            CudaCheck.Driver(CudaDriver.cuModuleGetFunction(out function, module, pointer),
                $"cuModuleGetFunction({definition.EntryPoint}) in {definition.Source.Name}");
        return function;
    }

    private protected override Kernel CreateKernel(KernelDefinition definition) => new CudaKernel(this, definition);

    private protected override void DisposeDevice()
    {
        // Best effort: the device may be in an error state, and disposal must still release the context.
        CudaDriver.cuCtxSetCurrent(_context);
        CudaDriver.cuStreamSynchronize(_stream);
        foreach (var module in _modules.Values) CudaDriver.cuModuleUnload(module);
        _modules.Clear();
        CudaDriver.cuStreamDestroy_v2(_stream);
        CudaDriver.cuDevicePrimaryCtxRelease_v2(_device);
    }

    internal override ulong AllocateBytes(long bytes)
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuMemAlloc_v2(out var address, (nuint)bytes), $"cuMemAlloc_v2({bytes} bytes)");
        return address;
    }

    internal override void FreeBytes(ulong address)
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuMemFree_v2(address), "cuMemFree_v2");
    }

    internal override void CopyFromHost(ulong destination, void* source, long bytes)
    {
        Bind();
        // From pageable memory the driver stages the data before returning, so the caller's span may be unpinned after.
        CudaCheck.Driver(CudaDriver.cuMemcpyHtoDAsync_v2(destination, source, (nuint)bytes, _stream), "cuMemcpyHtoDAsync_v2");
    }

    internal override void CopyToHost(void* destination, ulong source, long bytes)
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuMemcpyDtoHAsync_v2(destination, source, (nuint)bytes, _stream), "cuMemcpyDtoHAsync_v2");
        // The destination is a span that is unpinned on return: wait until the copy has landed.
        CudaCheck.Driver(CudaDriver.cuStreamSynchronize(_stream), "cuStreamSynchronize");
    }

    internal override void CopyOnDevice(ulong destination, ulong source, long bytes)
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuMemcpyDtoDAsync_v2(destination, source, (nuint)bytes, _stream), "cuMemcpyDtoDAsync_v2");
    }

    internal override void Zero(ulong destination, long bytes)
    {
        Bind();
        CudaCheck.Driver(CudaDriver.cuMemsetD8Async(destination, 0, (nuint)bytes, _stream), "cuMemsetD8Async");
    }

    private static void RequireLibraries()
    {
        if (!CudaLibraryResolver.TryLoadDriver(out var driverReason))
            throw new CudaException("LIBCUDA_NOT_FOUND", "loading libcuda.so.1", driverReason);
        if (!CudaLibraryResolver.TryLoadNvrtc(out var nvrtcReason))
            throw new CudaException("LIBNVRTC_NOT_FOUND", "loading libnvrtc.so", nvrtcReason);
    }

    private int Attribute(int attribute)
    {
        CudaCheck.Driver(CudaDriver.cuDeviceGetAttribute(out var value, attribute, _device), $"cuDeviceGetAttribute({attribute})");
        return value;
    }

    private static string ReadName(int device)
    {
        var name = stackalloc byte[256];
        CudaCheck.Driver(CudaDriver.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
        return new string((sbyte*)name);
    }

    private static nint LoadModule(CompiledImage image, string sourceName)
    {
        // PTX is compiled by the driver here; its JIT errors land in this buffer.
        const int logSize = 16 * 1024;
        var log = new byte[logSize];
        var options = stackalloc int[] { CudaDriver.JitErrorLogBuffer, CudaDriver.JitErrorLogBufferSizeBytes };
        fixed (byte* logPointer = log)
        fixed (byte* imagePointer = image.Image)
        {
            var values = stackalloc void*[] { logPointer, (void*)(nint)logSize };
            var result = CudaDriver.cuModuleLoadDataEx(out var module, imagePointer, 2, options, values);
            if (result == CudaDriver.Success) return module;
            var error = CudaCheck.DriverError(result, $"cuModuleLoadDataEx({sourceName}, {image.Target})");
            throw new CudaException(error.ErrorName, error.Call, "the driver could not load the compiled module.",
                Encoding.UTF8.GetString(log).TrimEnd('\0'));
        }
    }
}
