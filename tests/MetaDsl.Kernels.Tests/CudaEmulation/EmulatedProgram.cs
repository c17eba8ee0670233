using System.Diagnostics;
using System.Globalization;
using System.Text;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Tests.CudaEmulation;

/// <summary>
/// A CUDA source built for the host with g++ against cuda_emulation.h (one OS thread per CUDA
/// thread, real barriers) and a C++ harness that feeds it from stdin and prints its outputs, so
/// .cu text is compiled and run where there is no GPU.
/// </summary>
internal sealed class EmulatedProgram : IDisposable
{
    private static readonly Lazy<string?> s_missingCompiler = new(FindMissingCompiler);

    private readonly string _folder;
    private readonly string _executable;

    private EmulatedProgram(string folder, string executable)
    {
        _folder = folder;
        _executable = executable;
    }

    /// <summary>Why these tests cannot run here, or null when g++ with C++20 &lt;barrier&gt; (g++ 11+) is on the PATH.</summary>
    public static string? MissingCompiler => s_missingCompiler.Value;

    /// <summary>Writes the source, its headers, the emulation header and <paramref name="harness"/> to a temporary folder and compiles them.</summary>
    public static EmulatedProgram Build(string harness, KernelSource source)
    {
        var folder = Directory.CreateTempSubdirectory("metadsl-cuemu-").FullName;
        File.WriteAllText(Path.Combine(folder, source.Name), source.Text);
        foreach (var (name, text) in source.Headers) File.WriteAllText(Path.Combine(folder, name), text);
        var here = Path.Combine(AppContext.BaseDirectory, "CudaEmulation");
        foreach (var file in new[] { "cuda_emulation.h", harness }) File.Copy(Path.Combine(here, file), Path.Combine(folder, file), overwrite: true);

        var executable = Path.Combine(folder, Path.GetFileNameWithoutExtension(harness));
        var arguments = new List<string> { "-std=c++20", "-O1", "-pthread", "-Wall", "-Werror", "-Wno-unknown-pragmas", "-I", folder };
        arguments.AddRange(source.Defines.Select(define => "-D" + define));
        arguments.AddRange([Path.Combine(folder, harness), "-o", executable]);
        var (code, output) = Execute("g++", arguments, "", TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"g++ failed on {source.Name} with {harness} in {folder}:\n{output}");
        return new EmulatedProgram(folder, executable);
    }

    /// <summary>Runs the harness on <paramref name="input"/> and returns the arrays it printed, by name.</summary>
    public Dictionary<string, double[]> Run(string input)
    {
        // A missing or extra __syncthreads() can deadlock the emulated block; the timeout turns that into a failure.
        var (code, output) = Execute(_executable, [], input, TimeSpan.FromMinutes(1));
        if (code != 0) throw new InvalidOperationException($"{_executable} exited with {code}:\n{output}");
        var arrays = new Dictionary<string, double[]>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = parts.Skip(2).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (values.Length != int.Parse(parts[1], CultureInfo.InvariantCulture)) throw new InvalidOperationException($"Truncated output line '{parts[0]}'.");
            arrays[parts[0]] = values;
        }
        return arrays;
    }

    /// <summary>Deletes the build folder.</summary>
    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Numbers as the harnesses read them: whitespace-separated, invariant culture, round-trip precision for floats.</summary>
    public static string Format(params IEnumerable<double>[] arrays)
    {
        var text = new StringBuilder();
        foreach (var array in arrays) text.AppendLine(string.Join(' ', array.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))));
        return text.ToString();
    }

    private static string? FindMissingCompiler()
    {
        try
        {
            var (code, version) = Execute("g++", ["-dumpfullversion", "-dumpversion"], "", TimeSpan.FromSeconds(30));
            if (code != 0) return "g++ -dumpversion failed: " + version;
            var major = int.Parse(version.Trim().Split('.')[0], CultureInfo.InvariantCulture);
            return major >= 11 ? null : $"g++ {version.Trim()} is older than 11, which the emulation's C++20 <barrier> needs.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "g++ is not on the PATH; the CUDA emulation tests compile .cu sources with it.";
        }
    }

    private static (int Code, string Output) Execute(string program, IEnumerable<string> arguments, string input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} ran longer than {timeout.TotalSeconds} s (a deadlocked block?).");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
