namespace MetaDsl.Training;

/// <summary>How a model adapted to one task does on that task's query set.</summary>
/// <param name="Loss">The mean query loss.</param>
/// <param name="Accuracy">The fraction of query rows classified correctly, or NaN when not asked for.</param>
public readonly record struct QueryScore(double Loss, double Accuracy);
