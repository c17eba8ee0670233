using System.Numerics;

namespace MetaDsl.Optimizers;

/// <summary>Adam (Kingma and Ba, 2015) with bias correction, matching PyTorch's <c>torch.optim.Adam</c> without weight decay.</summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamMoments<T> _moments;

    /// <summary>Allocates both moment vectors for <paramref name="length"/> parameters.</summary>
    public Adam(int length, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null)
    {
        _moments = new AdamMoments<T>(length, beta1 ?? T.CreateChecked(0.9), beta2 ?? T.CreateChecked(0.999), epsilon ?? T.CreateChecked(1e-8));
        Length = length;
        LearningRate = learningRate;
    }

    /// <inheritdoc/>
    public T LearningRate { get; set; }

    /// <summary>The number of parameters.</summary>
    public int Length { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps => _moments.Steps;

    /// <summary>A copy of the optimizer's state (step count and both moments), for a checkpoint to resume from.</summary>
    public AdamState<T> CaptureState() => _moments.Capture();

    /// <summary>Continues from a captured state: the next step equals the one an uninterrupted run would take, bit for bit.</summary>
    /// <exception cref="ArgumentException">The state is of another length.</exception>
    public void RestoreState(AdamState<T> state) => _moments.Restore(state);

    /// <inheritdoc/>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient)
    {
        OptimizerGuard.Lengths(theta, gradient, Length);
        _moments.Step(theta, gradient, LearningRate);
    }
}
