using MetaDsl.InContext;
using MetaDsl.Learners;

namespace MetaDsl.Cli.Bench;

/// <summary>
/// The in-context cases, float: the gradient and one exact H·v of <see cref="CausalTransformerBlock"/> on
/// <see cref="Sequences"/> sequences, and one meta-training step of <see cref="LinearSelfAttention1"/> as
/// <c>train icl-gd</c> takes it (fresh tasks, gradient, clip, Adam) at its default meta-batch. FLOPs count
/// matrix products (2·m·k·n) counted analytically from the models (the causal scores in full); a gradient is
/// three forward passes, one H·v two gradients, as in <see cref="SineBenchCases"/>. The peer is
/// <c>tests/MetaDsl.Benchmarks/peers/icl_torch.py</c>.
/// </summary>
public static class InContextBenchCases
{
    /// <summary>Sequences per batch of the transformer cases.</summary>
    public const int Sequences = 16;

    /// <summary>Tasks per meta-training step of linear self-attention (<c>train icl-gd --meta-batch</c>'s default).</summary>
    public const int MetaBatch = 512;

    /// <summary>Tasks per gradient call, as <c>train icl-gd</c> chunks a meta-batch.</summary>
    public const int ChunkSize = 32;

    /// <summary>Matrix-product FLOPs of the block's forward pass on <see cref="Sequences"/> sequences.</summary>
    public static double BlockForwardFlops()
    {
        const double t = CausalTransformerBlock.Sequence, d = CausalTransformerBlock.Width, hidden = CausalTransformerBlock.Hidden;
        double projections = 4 * 2 * t * d * d;
        double attention = 2 * (2 * t * t * d);
        double mlp = 2 * (2 * t * d * hidden);
        return Sequences * (projections + attention + mlp);
    }

    /// <summary>Matrix-product FLOPs of one LSA layer's forward pass on one task.</summary>
    public static double AttentionForwardFlops()
    {
        const double n = RegressionTokens.Context, tokens = RegressionTokens.Count, w = RegressionTokens.Width;
        return 2 * w * n * w + 3 * (2 * tokens * w * w);
    }

    /// <summary>The three cases; the meta-training step is threaded over the chunks of its meta-batch.</summary>
    public static IReadOnlyList<BenchCase> All { get; } =
    [
        new BenchCase("icl-block-grad", $"gradient of one pre-LN causal transformer block (t {CausalTransformerBlock.Sequence}, d {CausalTransformerBlock.Width}, MLP {CausalTransformerBlock.Hidden}) on {Sequences} sequences",
            3 * BlockForwardFlops(), Threaded: false, _ => BlockGradient()),
        new BenchCase("icl-block-hvp", $"one exact H·v of the same block on {Sequences} sequences", 6 * BlockForwardFlops(), Threaded: false, _ => BlockHessianVector()),
        new BenchCase("icl-lsa-step", $"one icl-gd meta-training step of LinearSelfAttention1: {MetaBatch} fresh tasks in chunks of {ChunkSize}, gradient, clip, Adam",
            3 * MetaBatch * AttentionForwardFlops(), Threaded: true, AttentionStep),
    ];

    private static Action BlockGradient()
    {
        var (theta, batch) = Block();
        var gradient = new float[theta.Length];
        return () => CausalTransformerBlock.Gradient<float>(theta, batch, gradient);
    }

    private static Action BlockHessianVector()
    {
        var (theta, batch) = Block();
        var v = new float[theta.Length];
        var hv = new float[theta.Length];
        CausalTransformerBlock.Gradient<float>(theta, batch, v);
        return () => CausalTransformerBlock.HessianVectorProduct<float>(theta, batch, v, hv);
    }

    private static Action AttentionStep(int threads)
    {
        // icl-gd's defaults: outer lr 5e-3, clip 10, cosine decay over 5,000 steps.
        var trainer = new AttentionTrainer<LinearSelfAttention1, float>(MetaBatch, ChunkSize, 5e-3, threads, seed: 0, clip: 10, decaySteps: 5000);
        return () => trainer.Step();
    }

    private static (float[] Theta, Batch<float> Batch) Block()
    {
        var theta = new float[CausalTransformerBlock.Info.ParameterCount];
        CausalTransformerBlock.Initialize<float>(theta, seed: 0);
        const int values = Sequences * CausalTransformerBlock.Sequence * CausalTransformerBlock.Width;
        var rng = new SplitMix64(2017);
        var x = new float[values];
        var y = new float[values];
        for (int i = 0; i < values; i++)
        {
            x[i] = (float)rng.NextGaussian();
            y[i] = (float)rng.NextGaussian();
        }
        int[] shape = [Sequences, CausalTransformerBlock.Sequence, CausalTransformerBlock.Width];
        return (theta, new Batch<float>(new Tensor<float>(x, shape), new Tensor<float>(y, shape)));
    }
}
