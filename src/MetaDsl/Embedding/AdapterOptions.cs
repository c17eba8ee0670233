namespace MetaDsl.Embedding;

/// <summary>How <see cref="Adapter{TLearner, T}"/> fine-tunes on a support set.</summary>
public sealed class AdapterOptions
{
    /// <summary>Gradient steps on the support set. At least 0 (0 predicts with the meta-learned parameters as they are).</summary>
    public int Steps { get; init; } = 10;

    /// <summary>The SGD step size alpha; ignored for Meta-SGD checkpoints, which carry learned step sizes.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>
    /// Where the fine-tuning steps' gradients run: <see cref="Device.Cpu"/> (the default) or an accelerator, one launch of
    /// the learner's generated kernels per step, with the CPU path's results. An adapter serializes its device steps
    /// (threads adapting at once take turns on the device).
    /// </summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>Checks the settings.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Device, nameof(Device));
        ArgumentOutOfRangeException.ThrowIfNegative(Steps, nameof(Steps));
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The step size must be finite and at least 0.");
    }
}
