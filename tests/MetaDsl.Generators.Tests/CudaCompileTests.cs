using System.Diagnostics;
using System.Runtime.CompilerServices;
using MetaDsl.Generators.Emit;

namespace MetaDsl.Generators.Tests;

/// <summary>
/// The generated CUDA of every test learner is valid C++ against metadsl_ops.cuh: compiled by g++ with the
/// host emulation header (tests/MetaDsl.Kernels.Tests/CudaEmulation), every device function instantiated.
/// Numbers are checked in MetaDsl.Kernels.Tests (GeneratedSineMlpEmulationTests); NVRTC needs a GPU machine.
/// </summary>
public class CudaCompileTests
{
    [SkippableTheory]
    [MemberData(nameof(LearnerSources.Each), MemberType = typeof(LearnerSources))]
    public void Generated_cuda_compiles_with_every_function_instantiated(string source)
    {
        Skip.If(!CanRun("g++", "--version"), "g++ is not on the PATH; it compiles the generated CUDA against the host emulation.");
        var spec = GeneratorHarness.Run(source).SingleSpec!;
        var symbols = CudaNames.Symbols(spec.Loss);
        string name = CudaNames.Learner(spec), arguments = symbols.Count == 0 ? "" : "<" + string.Join(", ", symbols.Select(_ => "3")) + ">";

        var folder = Directory.CreateTempSubdirectory("metadsl-cuda-compile-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "learner.cu"), CudaEmitter.Emit(spec));
            var root = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", ".."));
            File.Copy(Path.Combine(root, "kernels", "MetaDsl.Kernels", "Cuda", "metadsl_ops.cuh"), Path.Combine(folder, "metadsl_ops.cuh"));
            File.Copy(Path.Combine(root, "tests", "MetaDsl.Kernels.Tests", "CudaEmulation", "cuda_emulation.h"), Path.Combine(folder, "cuda_emulation.h"));
            // Explicit instantiations make g++ check the templates' bodies, primitives included, at a concrete size.
            var instantiations = symbols.Count == 0 ? "" : $"""
                template float {name}_loss{arguments}(const float*, const float* const*, float*);
                template float {name}_gradient{arguments}(const float*, const float* const*, float*, float*);
                template void {name}_hvp{arguments}(const float*, const float* const*, const float*, float*, float*);
                """;
            File.WriteAllText(Path.Combine(folder, "main.cpp"), $"#include \"cuda_emulation.h\"\n#include \"learner.cu\"\n{instantiations}\nint main() {{ }}\n");

            var start = new ProcessStartInfo("g++") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            foreach (var argument in new[] { "-std=c++20", "-fsyntax-only", "-Wall", "-Werror", "-pthread", "-I", folder }) start.ArgumentList.Add(argument);
            foreach (var symbol in symbols) start.ArgumentList.Add($"-D{CudaNames.Define(symbol)}=3");
            start.ArgumentList.Add("main.cpp");
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"g++ rejected the CUDA of {spec.MetadataName}:\n{errors}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool CanRun(string program, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
