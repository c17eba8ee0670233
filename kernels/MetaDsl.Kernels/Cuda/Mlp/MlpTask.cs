namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>One regression task's data: train (support) and validation (query) splits, each x [n, in] and y [n, out] row-major.</summary>
public readonly ref struct MlpTask
{
    /// <summary>Wraps the four arrays (not copied).</summary>
    public MlpTask(ReadOnlySpan<double> xTrain, ReadOnlySpan<double> yTrain, ReadOnlySpan<double> xValidation, ReadOnlySpan<double> yValidation)
    {
        XTrain = xTrain;
        YTrain = yTrain;
        XValidation = xValidation;
        YValidation = yValidation;
    }

    /// <summary>Train inputs.</summary>
    public ReadOnlySpan<double> XTrain { get; }

    /// <summary>Train targets.</summary>
    public ReadOnlySpan<double> YTrain { get; }

    /// <summary>Validation inputs.</summary>
    public ReadOnlySpan<double> XValidation { get; }

    /// <summary>Validation targets.</summary>
    public ReadOnlySpan<double> YValidation { get; }
}
