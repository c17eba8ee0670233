using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.Cli.Bench;

/// <summary>
/// The sinusoid cases of the CPU performance goal: the 1-40-40-1 ReLU MLP, 10 support and 10 query
/// points per task, meta-batch 25, float. FLOPs count matrix products only (2·m·k·n): one gradient
/// at n rows is the forward pass, the weight gradients and the input gradients of layers 2 and 3;
/// one H·v counts as two gradients, the convention under which PyTorch's double-backward MAML step
/// is ~40 MFLOP.
/// </summary>
public static class SineBenchCases
{
    /// <summary>Points per task in the support and in the query set.</summary>
    public const int Shots = 10;

    /// <summary>Tasks per meta-step.</summary>
    public const int MetaBatch = 25;

    /// <summary>Inner steps of the MAML cases.</summary>
    public const int InnerSteps = 5;

    /// <summary>Matrix-product FLOPs of one gradient of the MLP on <paramref name="rows"/> rows.</summary>
    public static double GradientFlops(int rows)
    {
        const int layers = 1 * 40 + 40 * 40 + 40 * 1;
        const int inputGradients = 40 * 40 + 40 * 1;
        return 2.0 * rows * (2 * layers + inputGradients);
    }

    /// <summary>Every case on the CPU, in report order.</summary>
    public static IReadOnlyList<BenchCase> All { get; } = For(Device.Cpu);

    /// <summary>
    /// The cases on <paramref name="device"/>: on the CPU all of them; on an accelerator the MAML meta-steps,
    /// whose meta-batch then runs as launches of the learner's generated kernels (the H·v case is the CPU kernel's).
    /// </summary>
    public static IReadOnlyList<BenchCase> For(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var maml = new[]
        {
            Maml("sine-maml-so-5", MetaGradientOrder.Second, (InnerSteps + 1 + 2 * InnerSteps) * GradientFlops(Shots) * MetaBatch, device),
            Maml("sine-maml-fo-5", MetaGradientOrder.First, (InnerSteps + 1) * GradientFlops(Shots) * MetaBatch, device),
        };
        if (device.IsAccelerator) return maml;
        return [.. maml, new BenchCase("sine-hvp-10", "one exact H·v of the MLP at n = 10", 2 * GradientFlops(Shots), Threaded: false, _ => HessianVector())];
    }

    private static BenchCase Maml(string name, MetaGradientOrder order, double flops, Device device)
    {
        string what = order == MetaGradientOrder.Second ? "second-order" : "first-order";
        string where = device.IsAccelerator ? " on " + device.Name : "";
        // On an accelerator the tasks run in parallel as groups of one launch, so host threads would only wait.
        return new BenchCase(name, $"{what} MAML meta-step{where}: {InnerSteps} inner steps, meta-batch {MetaBatch}, Adam update", flops, Threaded: !device.IsAccelerator, threads =>
        {
            var theta = Theta();
            var gradient = new float[theta.Length];
            var tasks = Tasks();
            var maml = new Maml<SineMlp, float>(new MamlOptions { InnerSteps = InnerSteps, InnerLearningRate = 0.01, Order = order, Threads = threads, Device = device });
            var adam = new Adam<float>(theta.Length, 1e-3f);
            return () =>
            {
                maml.MetaGradient(theta, tasks, gradient);
                adam.Step(theta, gradient);
            };
        });
    }

    private static Action HessianVector()
    {
        var theta = Theta();
        var v = new float[theta.Length];
        var hv = new float[theta.Length];
        var support = Tasks()[0].Support;
        SineMlp.Gradient<float>(theta, support, v);
        return () => SineMlp.HessianVectorProduct<float>(theta, support, v, hv);
    }

    private static float[] Theta()
    {
        var theta = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(theta, seed: 0);
        return theta;
    }

    private static IReadOnlyList<MetaTask<float>> Tasks()
    {
        var sampler = new SinusoidSampler<float>(Shots, Shots);
        var rng = new SplitMix64(2017);
        var tasks = new MetaTask<float>[MetaBatch];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = sampler.Allocate();
            sampler.Sample(ref rng, tasks[i]);
        }
        return tasks;
    }
}
