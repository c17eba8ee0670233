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
    /// ANIL's adapted parameters. When null, the last two parameters in declaration order (the output
    /// layer's weights and bias in the built-in learners).
    /// </summary>
    public IReadOnlyList<string>? Head { get; init; }

    /// <summary>Implicit MAML's proximal strength lambda.</summary>
    public double Regularization { get; init; } = 1.0;
}
