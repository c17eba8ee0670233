using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, matching PyTorch's
/// <c>torch.optim.AdamW</c>: theta ← theta·(1 − lr·wd), then the Adam step. The decay does not pass
/// through the moments, so it is not rescaled by the adaptive step.
/// </summary>
public sealed class AdamW<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamMoments<T> _moments;

    /// <summary>Allocates both moment vectors for <paramref name="length"/> parameters.</summary>
    public AdamW(int length, T learningRate, T? weightDecay = null, T? beta1 = null, T? beta2 = null, T? epsilon = null)
    {
        _moments = new AdamMoments<T>(length, beta1 ?? T.CreateChecked(0.9), beta2 ?? T.CreateChecked(0.999), epsilon ?? T.CreateChecked(1e-8));
        WeightDecay = weightDecay ?? T.CreateChecked(0.01);
        if (!(WeightDecay >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(weightDecay), WeightDecay, "Weight decay must be non-negative.");
        Length = length;
        LearningRate = learningRate;
    }

    /// <inheritdoc/>
    public T LearningRate { get; set; }

    /// <summary>The decoupled weight-decay coefficient.</summary>
    public T WeightDecay { get; }

    /// <summary>The number of parameters.</summary>
    public int Length { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps => _moments.Steps;

    /// <inheritdoc/>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient)
    {
        OptimizerGuard.Lengths(theta, gradient, Length);
        TensorPrimitives.Multiply<T>(theta, T.One - LearningRate * WeightDecay, theta);
        _moments.Step(theta, gradient, LearningRate);
    }
}
