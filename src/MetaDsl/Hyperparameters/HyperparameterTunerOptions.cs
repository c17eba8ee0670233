namespace MetaDsl.Hyperparameters;

/// <summary>Settings of <see cref="HyperparameterTuner{TLearner, T}"/>.</summary>
public sealed class HyperparameterTunerOptions
{
    /// <summary>SGD steps on the training loss in each hyper-step (θ carries over from one hyper-step to the next). At least 1.</summary>
    public int InnerSteps { get; init; } = 10;

    /// <summary>The SGD step size on the training loss.</summary>
    public double InnerLearningRate { get; init; } = 0.1;

    /// <summary>Adam's step size on the hyperparameters.</summary>
    public double HyperLearningRate { get; init; } = 0.01;

    /// <summary>How the hypergradient is taken.</summary>
    public HypergradientMethod Method { get; init; } = HypergradientMethod.Neumann;

    /// <summary>The Neumann series' H·v products, or conjugate gradient's most iterations. At least 0; unused when unrolled.</summary>
    public int Terms { get; init; } = 20;

    /// <summary>α of the Neumann series; null takes <see cref="InnerLearningRate"/>, as Lorraine et al. do.</summary>
    public double? NeumannStep { get; init; }

    /// <summary>
    /// The smallest value a hyperparameter may take; each is clamped into [<see cref="Minimum"/>, <see cref="Maximum"/>]
    /// after every step (projected descent), for hyperparameters beyond which training itself fails, such as a log
    /// decay whose curvature SGD's step can no longer follow.
    /// </summary>
    public double Minimum { get; init; } = double.NegativeInfinity;

    /// <summary>The largest value a hyperparameter may take; see <see cref="Minimum"/>.</summary>
    public double Maximum { get; init; } = double.PositiveInfinity;

    /// <summary>Conjugate gradient stops once the residual is at most this fraction of the right-hand side.</summary>
    public double ConjugateGradientTolerance { get; init; } = 1e-10;

    /// <summary>
    /// Where training's gradients, the validation gradient and every H·v and mixed product run: <see cref="Device.Cpu"/>
    /// (the default) or an accelerator (<see cref="Device.IlgpuCpu"/>, <see cref="Device.Cuda"/>), one launch of the
    /// learner's generated kernels each, with the CPU path's results.
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;
}
