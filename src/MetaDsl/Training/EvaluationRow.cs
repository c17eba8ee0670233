using System.Text.Json.Serialization;

namespace MetaDsl.Training;

/// <summary>
/// One line of an evaluation: an algorithm adapted with <paramref name="Shots"/> support shots for
/// <paramref name="Steps"/> steps, and its mean query loss over the held-out tasks with a 95% interval.
/// </summary>
/// <param name="Algorithm">The algorithm's name, e.g. <c>maml</c> or <c>pretrained</c>.</param>
/// <param name="Shots">Support shots (per class, for classification).</param>
/// <param name="Steps">Adaptation steps.</param>
/// <param name="Mse">
/// The mean query loss after adaptation: the mean squared error for regression learners (whose
/// <c>[Loss]</c> is <c>Mse</c>), the learner's own loss (e.g. cross-entropy) otherwise. One name keeps
/// every row's JSON the same shape.
/// </param>
/// <param name="Ci95">Half-width of the 95% interval of <paramref name="Mse"/>: 1.96·sd/√M.</param>
public sealed record EvaluationRow(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("shots")] int Shots,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("mse")] double Mse,
    [property: JsonPropertyName("ci95")] double Ci95)
{
    /// <summary>Mean query accuracy, for classification; omitted from JSON otherwise.</summary>
    [JsonPropertyName("accuracy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Accuracy { get; init; }

    /// <summary>Half-width of the 95% interval of <see cref="Accuracy"/>.</summary>
    [JsonPropertyName("accuracy_ci95")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AccuracyCi95 { get; init; }
}
