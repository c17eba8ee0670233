using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;
using Xunit.Abstractions;
using static MetaDsl.Kernels.Tests.Devices.MlpTestData;

namespace MetaDsl.Kernels.Tests.CudaEmulation;

/// <summary>
/// The hand-written maml_mlp.cu, run under the host emulation with one block per task, agrees with
/// <see cref="MamlReference"/> in double precision for second- and first-order MAML.
/// </summary>
public sealed class MamlKernelEmulationTests(MamlKernelEmulationTests.Program program, ITestOutputHelper output)
    : IClassFixture<MamlKernelEmulationTests.Program>
{
    private const int Tasks = 3;
    private const int TrainPoints = 10;
    private const int ValidationPoints = 12;
    private const int Steps = 2;
    private const float Alpha = 0.01f;
    private const int Threads = 64;
    private const double Tolerance = 1e-4;

    /// <summary>The harness built once for the class.</summary>
    public sealed class Program : IDisposable
    {
        /// <summary>The compiled harness, built on first use.</summary>
        internal Lazy<EmulatedProgram> Harness { get; } = new(() => EmulatedProgram.Build("maml_harness.cpp",
            KernelSources.ForMlp(KernelSources.Maml, MlpShape.Sinusoid)));

        /// <summary>Deletes the build folder when the harness was built.</summary>
        public void Dispose()
        {
            if (Harness.IsValueCreated) Harness.Value.Dispose();
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Meta_gradients_and_losses_match_the_reference(bool firstOrder)
    {
        Skip.If(EmulatedProgram.MissingCompiler is not null, EmulatedProgram.MissingCompiler);
        var shape = MlpShape.Sinusoid;
        var count = shape.ParameterCount;
        var theta = ToDouble(ToSingle(Theta(shape, seed: 21)));
        var (xt, yt, xv, yv) = SinusoidTasks(shape, Tasks, TrainPoints, ValidationPoints, seed: 22);
        (xt, yt, xv, yv) = (ToDouble(ToSingle(xt)), ToDouble(ToSingle(yt)), ToDouble(ToSingle(xv)), ToDouble(ToSingle(yv)));
        var stride = shape.MamlScratchFloats(Steps, TrainPoints, ValidationPoints);

        var header = $"{count} {Tasks} {TrainPoints} {ValidationPoints} {Steps} {(firstOrder ? 1 : 0)} {Threads} {Alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} {stride}\n";
        var result = program.Harness.Value.Run(header + EmulatedProgram.Format(theta, xt, yt, xv, yv));

        var mlp = new MlpReference(shape);
        for (var t = 0; t < Tasks; t++)
        {
            var task = new MlpTask(xt.AsSpan(t * TrainPoints, TrainPoints), yt.AsSpan(t * TrainPoints, TrainPoints),
                xv.AsSpan(t * ValidationPoints, ValidationPoints), yv.AsSpan(t * ValidationPoints, ValidationPoints));
            var metaGradient = new double[count];
            var loss = MamlReference.MetaGradient(mlp, theta, [Alpha], task, Steps, firstOrder, metaGradient, default);
            var lossError = Math.Abs(result["val_losses"][t] - loss) / Math.Abs(loss);
            var gradientError = RelativeError(result["meta_gradients"].AsSpan(t * count, count), metaGradient);
            output.WriteLine($"{(firstOrder ? "first" : "second")} order, task {t}: loss rel. error {lossError:E1}, meta-gradient {gradientError:E1}");
            Assert.InRange(lossError, 0, Tolerance);
            Assert.InRange(gradientError, 0, Tolerance);
        }
    }
}
