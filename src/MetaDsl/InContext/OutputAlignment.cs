namespace MetaDsl.InContext;

/// <summary>How closely two models' <see cref="QueryOutputs"/> agree on the same tasks.</summary>
/// <param name="PredictionCosine">The cosine between the two vectors of predictions over all tasks.</param>
/// <param name="SensitivityCosine">The cosine between the two models' dŷ/dx_q, averaged over tasks.</param>
/// <param name="PredictionDifference">The root mean squared difference of the predictions.</param>
public sealed record OutputAlignment(double PredictionCosine, double SensitivityCosine, double PredictionDifference);
