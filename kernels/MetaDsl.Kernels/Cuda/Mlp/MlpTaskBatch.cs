namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>
/// A meta-batch of tasks packed task-major in single precision, as the kernels read it:
/// XTrain [tasks, trainPoints, in], YTrain [tasks, trainPoints, out], XValidation [tasks, validationPoints, in],
/// YValidation [tasks, validationPoints, out], all row-major.
/// </summary>
public readonly ref struct MlpTaskBatch
{
    /// <summary>Wraps packed data (not copied).</summary>
    public MlpTaskBatch(int taskCount, ReadOnlySpan<float> xTrain, ReadOnlySpan<float> yTrain,
        ReadOnlySpan<float> xValidation, ReadOnlySpan<float> yValidation)
    {
        TaskCount = taskCount;
        XTrain = xTrain;
        YTrain = yTrain;
        XValidation = xValidation;
        YValidation = yValidation;
    }

    /// <summary>Number of tasks.</summary>
    public int TaskCount { get; }

    /// <summary>Train inputs of every task.</summary>
    public ReadOnlySpan<float> XTrain { get; }

    /// <summary>Train targets of every task.</summary>
    public ReadOnlySpan<float> YTrain { get; }

    /// <summary>Validation inputs of every task.</summary>
    public ReadOnlySpan<float> XValidation { get; }

    /// <summary>Validation targets of every task.</summary>
    public ReadOnlySpan<float> YValidation { get; }

    /// <summary>Throws naming the first array whose length does not fit the shape and point counts.</summary>
    internal void Validate(MlpShape shape, int trainPoints, int validationPoints, int maxTasks)
    {
        if (TaskCount < 1 || TaskCount > maxTasks)
            throw new ArgumentOutOfRangeException(nameof(TaskCount), TaskCount, $"A batch holds 1 to {maxTasks} tasks.");
        Check(XTrain.Length, (long)TaskCount * trainPoints * shape.InputSize, nameof(XTrain));
        Check(YTrain.Length, (long)TaskCount * trainPoints * shape.OutputSize, nameof(YTrain));
        Check(XValidation.Length, (long)TaskCount * validationPoints * shape.InputSize, nameof(XValidation));
        Check(YValidation.Length, (long)TaskCount * validationPoints * shape.OutputSize, nameof(YValidation));
    }

    private static void Check(int actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} values; the batch needs {expected}.", name);
    }
}
