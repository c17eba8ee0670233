namespace MetaDsl.Training;

/// <summary>Where a training run stands after an outer step.</summary>
/// <param name="Step">Outer steps completed.</param>
/// <param name="TotalSteps">Outer steps planned.</param>
/// <param name="MetaLoss">The mean meta-loss of the step just taken.</param>
/// <param name="StepsPerSecond">The average rate so far.</param>
/// <param name="Elapsed">Wall time since training started.</param>
public readonly record struct TrainingProgress(int Step, int TotalSteps, double MetaLoss, double StepsPerSecond, TimeSpan Elapsed);
