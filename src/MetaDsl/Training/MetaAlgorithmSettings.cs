namespace MetaDsl.Training;

/// <summary>The inner-loop settings shared by every algorithm <see cref="MetaAlgorithms"/> builds.</summary>
public sealed class MetaAlgorithmSettings
{
    /// <summary>Inner gradient steps per task during meta-training. At least 1.</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>The inner step size alpha (Meta-SGD's initial step size).</summary>
    public double InnerLearningRate { get; init; } = 0.01;

    /// <summary>Threads that share a meta-batch; a fixed value gives bit-identical results run to run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Where the meta-gradient runs (see <see cref="Meta.MamlOptions.Device"/>), for methods whose
    /// <see cref="MetaAlgorithmDefinition.RunsOnAccelerators"/> is true; the others run on the CPU and reject an accelerator.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>
    /// ANIL's adapted parameters. When null, the last two parameters in declaration order (the output
    /// layer's weights and bias in the built-in learners).
    /// </summary>
    public IReadOnlyList<string>? Head { get; init; }

    /// <summary>
    /// MAML's weights of the query loss after each inner step (see <see cref="Meta.MamlOptions.QueryLossWeights"/>);
    /// null counts the last step only. Other algorithms reject it.
    /// </summary>
    public double[]? QueryLossWeights { get; init; }

    /// <summary>BMG's bootstrap steps L beyond the K inner steps (see <see cref="Meta.MamlOptions.BootstrapSteps"/>); other algorithms ignore it.</summary>
    public int BootstrapSteps { get; init; } = 4;

    /// <summary>BMG's matching loss (see <see cref="Meta.MamlOptions.BootstrapMatching"/>); other algorithms ignore it.</summary>
    public Meta.BootstrapMatching BootstrapMatching { get; init; } = Meta.BootstrapMatching.SquaredDistance;

    /// <summary>
    /// Weights summing to one over the given inner steps (0 … <paramref name="innerSteps"/>), each in
    /// proportion to how often it is listed, or null when none are given.
    /// </summary>
    /// <exception cref="ArgumentException">A step is beyond <paramref name="innerSteps"/>.</exception>
    public static double[]? EqualWeights(IReadOnlyCollection<int> steps, int innerSteps)
    {
        if (steps.Count == 0) return null;
        var weights = new double[innerSteps + 1];
        foreach (int step in steps)
        {
            if (step < 0 || step > innerSteps)
                throw new ArgumentException($"Query step {step} is outside 0..{innerSteps} (the inner steps).", nameof(steps));
            weights[step] += 1.0 / steps.Count;
        }
        return weights;
    }

    /// <summary>Implicit MAML's proximal strength lambda.</summary>
    public double Regularization { get; init; } = 1.0;
}
