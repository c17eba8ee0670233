using System.Runtime.InteropServices;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// Compiles a <see cref="KernelSource"/> with NVRTC for one GPU. It emits a CUBIN for the device's
/// own <c>sm_XY</c> when this NVRTC supports it; otherwise PTX for the newest <c>compute_XY</c> it
/// supports at or below the device, which the driver compiles on load (forward compatibility).
/// </summary>
internal static unsafe class NvrtcCompiler
{
    private static readonly Lazy<int[]> SupportedArchitectures = new(QuerySupportedArchitectures);

    /// <summary>Compiles, throwing <see cref="CudaException"/> with the full log on failure.</summary>
    internal static CompiledImage Compile(KernelSource source, CudaArchitecture device)
    {
        var (target, cubin) = ChooseTarget(device);
        string[] options = [$"--gpu-architecture={target}", "--std=c++17", .. source.Defines.Select(define => "-D" + define)];
        var strings = new List<nint>();
        try
        {
            nint Utf8(string text)
            {
                var pointer = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(pointer);
                return pointer;
            }

            var headerNames = source.Headers.Keys.ToArray();
            var headerTexts = stackalloc byte*[Math.Max(1, headerNames.Length)];
            var includeNames = stackalloc byte*[Math.Max(1, headerNames.Length)];
            for (var i = 0; i < headerNames.Length; i++)
            {
                headerTexts[i] = (byte*)Utf8(source.Headers[headerNames[i]]);
                includeNames[i] = (byte*)Utf8(headerNames[i]);
            }
            var optionPointers = stackalloc byte*[options.Length];
            for (var i = 0; i < options.Length; i++) optionPointers[i] = (byte*)Utf8(options[i]);

            CudaCheck.Nvrtc(
                Nvrtc.nvrtcCreateProgram(out var program, (byte*)Utf8(source.Text), (byte*)Utf8(source.Name),
                    headerNames.Length, headerTexts, includeNames),
                $"nvrtcCreateProgram({source.Name})");
            try
            {
                var result = Nvrtc.nvrtcCompileProgram(program, options.Length, optionPointers);
                var log = ReadLog(program);
                CudaCheck.Nvrtc(result, $"nvrtcCompileProgram({source.Name}, {string.Join(' ', options)})", log);
                return new CompiledImage(cubin ? ReadCubin(program) : ReadPtx(program), target, log);
            }
            finally
            {
                Nvrtc.nvrtcDestroyProgram(ref program);
            }
        }
        finally
        {
            foreach (var pointer in strings) Marshal.FreeCoTaskMem(pointer);
        }
    }

    /// <summary>The NVRTC version as "major.minor".</summary>
    internal static string Version()
    {
        CudaCheck.Nvrtc(Nvrtc.nvrtcVersion(out var major, out var minor), "nvrtcVersion");
        return $"{major}.{minor}";
    }

    private static (string Target, bool Cubin) ChooseTarget(CudaArchitecture device)
    {
        var supported = SupportedArchitectures.Value;
        if (supported.Length == 0) return ($"compute_{device.Number}", false);
        if (supported.Contains(device.Number)) return ($"sm_{device.Number}", true);
        var older = supported.Where(number => number <= device.Number).DefaultIfEmpty(supported.Min()).Max();
        return ($"compute_{older}", false);
    }

    private static int[] QuerySupportedArchitectures()
    {
        try
        {
            CudaCheck.Nvrtc(Nvrtc.nvrtcGetNumSupportedArchs(out var count), "nvrtcGetNumSupportedArchs");
            var architectures = new int[count];
            fixed (int* pointer = architectures)
                CudaCheck.Nvrtc(Nvrtc.nvrtcGetSupportedArchs(pointer), "nvrtcGetSupportedArchs");
            return architectures;
        }
        catch (EntryPointNotFoundException)
        {
            // NVRTC before 11.2 cannot list its architectures; compiling for the device's own one is the best guess.
            return [];
        }
    }

    private static string ReadLog(nint program)
    {
        CudaCheck.Nvrtc(Nvrtc.nvrtcGetProgramLogSize(program, out var size), "nvrtcGetProgramLogSize");
        var log = new byte[(int)size];
        fixed (byte* pointer = log) CudaCheck.Nvrtc(Nvrtc.nvrtcGetProgramLog(program, pointer), "nvrtcGetProgramLog");
        return System.Text.Encoding.UTF8.GetString(log).TrimEnd('\0', '\n', ' ');
    }

    private static byte[] ReadPtx(nint program)
    {
        CudaCheck.Nvrtc(Nvrtc.nvrtcGetPTXSize(program, out var size), "nvrtcGetPTXSize");
        var ptx = new byte[(int)size];   // the size includes the terminating NUL the driver needs
        fixed (byte* pointer = ptx) CudaCheck.Nvrtc(Nvrtc.nvrtcGetPTX(program, pointer), "nvrtcGetPTX");
        return ptx;
    }

    private static byte[] ReadCubin(nint program)
    {
        CudaCheck.Nvrtc(Nvrtc.nvrtcGetCUBINSize(program, out var size), "nvrtcGetCUBINSize");
        var cubin = new byte[(int)size];
        fixed (byte* pointer = cubin) CudaCheck.Nvrtc(Nvrtc.nvrtcGetCUBIN(program, pointer), "nvrtcGetCUBIN");
        return cubin;
    }
}
