namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="ImplicitMaml{TLearner, T}"/>.</summary>
public sealed class ImplicitMamlOptions
{
    /// <summary>lambda, the strength of the proximal term lambda/2·||phi − theta||². Positive.</summary>
    public double Regularization { get; init; } = 1.0;

    /// <summary>The most gradient steps taken on the proximal inner problem. At least 1.</summary>
    public int InnerSteps { get; init; } = 10;

    /// <summary>The inner step size.</summary>
    public double InnerLearningRate { get; init; } = 0.01;

    /// <summary>The inner loop stops early once the proximal objective's gradient norm is at most this; 0 always runs <see cref="InnerSteps"/>.</summary>
    public double InnerTolerance { get; init; }

    /// <summary>The most conjugate-gradient iterations (Hessian-vector products) for the implicit system. At least 1.</summary>
    public int ConjugateGradientIterations { get; init; } = 10;

    /// <summary>Conjugate gradient stops once the residual norm is at most this times the right-hand side's.</summary>
    public double ConjugateGradientTolerance { get; init; } = 1e-10;

    /// <summary>How many threads share a meta-batch, with the same determinism as <see cref="MamlOptions.Threads"/>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-gradient runs: <see cref="Device.Cpu"/> (the default) or an accelerator, where each proximal step's
    /// support gradients, the query gradients and each conjugate-gradient iteration's H·v products of a meta-batch run
    /// as one launch of the learner's generated kernels. <c>Adapt</c> runs on the CPU.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;
}
