using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;
using MetaDsl.Learners;
using Xunit.Abstractions;
using static MetaDsl.Kernels.Tests.Devices.MlpTestData;

namespace MetaDsl.Kernels.Tests.CudaEmulation;

/// <summary>
/// The generated CUDA of <see cref="SineMlp"/> (its <c>CudaSource</c> with metadsl_ops.cuh), run under the
/// host emulation, agrees with the generated C# in double precision: the device functions for the loss and
/// H·v called on one block per task, and the task-parallel gradient kernel on one block per task.
/// </summary>
public sealed class GeneratedSineMlpEmulationTests(GeneratedSineMlpEmulationTests.Program program, ITestOutputHelper output)
    : IClassFixture<GeneratedSineMlpEmulationTests.Program>
{
    private const int Points = 10;
    private const int Tasks = 3;

    // Single precision on the device against double on the CPU: relative errors are about 1e-7 to 1e-6.
    private const double Tolerance = 1e-4;

    /// <summary>The harness built once for the class (the compile is most of the cost).</summary>
    public sealed class Program : IDisposable
    {
        /// <summary>The compiled harness, built on first use.</summary>
        internal Lazy<EmulatedProgram> Harness { get; } = new(() => EmulatedProgram.Build("sine_mlp_harness.cpp",
            KernelSources.Generated("SineMlp.cu", SineMlp.CudaSource, [$"MDSL_DIM_n={Points}"])));

        /// <summary>Deletes the build folder when the harness was built.</summary>
        public void Dispose()
        {
            if (Harness.IsValueCreated) Harness.Value.Dispose();
        }
    }

    [SkippableTheory]
    [InlineData(32)]
    [InlineData(96)]
    public void Loss_gradient_and_hvp_match_the_generated_cpu_code(int threads)
    {
        Skip.If(EmulatedProgram.MissingCompiler is not null, EmulatedProgram.MissingCompiler);
        var count = SineMlp.Info.ParameterCount;
        // Every input goes through float first, so both sides see the same numbers.
        var theta = ToDouble(ToSingle(Theta(MlpShape.Sinusoid, seed: 11)));
        var (x, y, _, _) = SinusoidTasks(MlpShape.Sinusoid, Tasks, Points, 1, seed: 12);
        x = ToDouble(ToSingle(x));
        y = ToDouble(ToSingle(y));
        var v = ToDouble(ToSingle(Uniform(count, seed: 13)));

        var result = program.Harness.Value.Run($"{Tasks} {threads}\n" + EmulatedProgram.Format(theta, x, y, v));

        for (var t = 0; t < Tasks; t++)
        {
            var batch = new Batch<double>(
                new Tensor<double>(x.AsSpan(t * Points, Points).ToArray(), Points, 1),
                new Tensor<double>(y.AsSpan(t * Points, Points).ToArray(), Points, 1));
            var gradient = new double[count];
            var loss = SineMlp.Gradient<double>(theta, batch, gradient);
            var hv = new double[count];
            SineMlp.HessianVectorProduct<double>(theta, batch, v, hv);

            var lossError = Math.Abs(result["loss"][t] - loss) / Math.Abs(loss);
            var kernelLossError = Math.Abs(result["kernel_loss"][t] - loss) / Math.Abs(loss);
            var gradientError = RelativeError(result["grad"].AsSpan(t * count, count), gradient);
            var hvError = RelativeError(result["hv"].AsSpan(t * count, count), hv);
            output.WriteLine($"threads {threads}, task {t}: loss {loss:G6} rel. error {lossError:E1} (kernel {kernelLossError:E1}), gradient {gradientError:E1}, H·v {hvError:E1}");
            Assert.InRange(lossError, 0, Tolerance);
            Assert.InRange(kernelLossError, 0, Tolerance);
            Assert.InRange(gradientError, 0, Tolerance);
            Assert.InRange(hvError, 0, Tolerance);
        }
    }
}
