using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.Cli.Bench;

/// <summary>
/// MAML's Omniglot setting on the Conv-4 backbone (<see cref="Conv4Omniglot"/>): 5-way 1-shot, 5
/// query images per class, meta-batch 32, one inner step at alpha 0.4, random 28×28 images, float;
/// <c>bench --inner-steps</c> and <c>--meta-batch</c> change K and the meta-batch, to see how time and memory grow.
/// FLOPs follow <see cref="SineBenchCases"/>: matrix products only (a convolution is the GEMM of its
/// kernels with the unfolded windows), one gradient is the forward pass, the weight gradients and the
/// input gradients of every layer but the first, and one H·v counts as two gradients.
/// </summary>
public static class ConvBenchCases
{
    /// <summary>Classes per task.</summary>
    public const int Ways = 5;

    /// <summary>Support images per class.</summary>
    public const int Shots = 1;

    /// <summary>Query images per class.</summary>
    public const int Queries = 5;

    /// <summary>Tasks per meta-step by default.</summary>
    public const int MetaBatch = 32;

    /// <summary>Inner steps by default.</summary>
    public const int InnerSteps = 1;

    /// <summary>The inner step size.</summary>
    public const double Alpha = 0.4;

    private const int Pixels = 28 * 28;

    /// <summary>Matrix-product FLOPs of one gradient of Conv-4 on <paramref name="images"/> images.</summary>
    public static double GradientFlops(int images)
    {
        // (output channels, input channels · 3 · 3, output pixels) of each block's GEMM: 28², 14², 7², 3².
        (int O, int K, int P)[] layers = [(64, 9, 784), (64, 576, 196), (64, 576, 49), (64, 576, 9)];
        double forward = layers.Sum(l => 2.0 * l.O * l.K * l.P) + 2.0 * 64 * Ways;
        double firstInputGradient = 2.0 * layers[0].O * layers[0].K * layers[0].P;
        return images * (3 * forward - firstInputGradient);
    }

    /// <summary>The two cases at the default K and meta-batch, in report order.</summary>
    public static IReadOnlyList<BenchCase> All { get; } = Create(InnerSteps, MetaBatch);

    /// <summary>The two cases with <paramref name="innerSteps"/> inner steps over meta-batches of <paramref name="metaBatch"/> tasks.</summary>
    public static IReadOnlyList<BenchCase> Create(int innerSteps, int metaBatch) =>
    [
        Maml("omniglot-conv4-so", MetaGradientOrder.Second, innerSteps, metaBatch, metaBatch * (3 * innerSteps * GradientFlops(Ways * Shots) + GradientFlops(Ways * Queries))),
        Maml("omniglot-conv4-fo", MetaGradientOrder.First, innerSteps, metaBatch, metaBatch * (innerSteps * GradientFlops(Ways * Shots) + GradientFlops(Ways * Queries))),
    ];

    private static BenchCase Maml(string name, MetaGradientOrder order, int innerSteps, int metaBatch, double flops)
    {
        string what = order == MetaGradientOrder.Second ? "second-order" : "first-order";
        return new BenchCase(name, $"{what} MAML meta-step on Conv-4: {Ways}-way {Shots}-shot, {Queries} queries per class, meta-batch {metaBatch}, {innerSteps} inner step(s) at {Alpha}, Adam update",
            flops, Threaded: true, threads =>
            {
                var theta = new float[Conv4Omniglot.Info.ParameterCount];
                Conv4Omniglot.Initialize<float>(theta, seed: 0);
                var gradient = new float[theta.Length];
                var tasks = Tasks(metaBatch);
                var maml = new Maml<Conv4Omniglot, float>(new MamlOptions { InnerSteps = innerSteps, InnerLearningRate = Alpha, Order = order, Threads = threads });
                var adam = new Adam<float>(theta.Length, 1e-3f);
                return () =>
                {
                    maml.MetaGradient(theta, tasks, gradient);
                    adam.Step(theta, gradient);
                };
            });
    }

    /// <summary>Random images (uniform in [0, 1)) with each class's labels, the same every run.</summary>
    private static IReadOnlyList<MetaTask<float>> Tasks(int metaBatch)
    {
        var rng = new SplitMix64(2017);
        Batch<float> Set(int perClass)
        {
            int n = Ways * perClass;
            var x = new float[n * Pixels];
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
            var labels = new float[n];
            for (int i = 0; i < n; i++) labels[i] = i / perClass;
            return new Batch<float>(new Tensor<float>(x, n, Pixels), new Tensor<float>(labels, n));
        }
        return Enumerable.Range(0, metaBatch).Select(_ => new MetaTask<float>(Set(Shots), Set(Queries))).ToArray();
    }
}
