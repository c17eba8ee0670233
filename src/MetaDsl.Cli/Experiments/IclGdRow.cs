using MetaDsl.InContext;

namespace MetaDsl.Cli.Experiments;

/// <summary>One method's score in <c>train icl-gd</c>, on the held-out tasks.</summary>
/// <param name="Method">gd-best-lr, gd++-best, lsa-constructed or lsa-trained.</param>
/// <param name="Layers">K: the layers of attention, or the steps of gradient descent.</param>
/// <param name="Mse">The query mean squared error.</param>
/// <param name="LearningRate">Gradient descent's learning rate (also the constructed weights'), or GD++'s; null for the trained model.</param>
/// <param name="Curvature">GD++'s γ; null for the other methods.</param>
/// <param name="PredictionCosine">The cosine between its predictions and gradient descent's over all tasks; null for gradient descent itself.</param>
/// <param name="SensitivityCosine">The cosine between its dŷ/dx_q and gradient descent's, averaged over tasks; null for gradient descent itself.</param>
/// <param name="PredictionDifference">The root mean squared difference from gradient descent's predictions; null for gradient descent itself.</param>
internal sealed record IclGdRow(
    string Method,
    int Layers,
    double Mse,
    double? LearningRate,
    double? Curvature,
    double? PredictionCosine,
    double? SensitivityCosine,
    double? PredictionDifference)
{
    /// <summary>For the trained model: the cosines of its predictions and sensitivities with GD++'s (null otherwise).</summary>
    public OutputAlignment? PlusPlusAlignment { get; init; }
}
