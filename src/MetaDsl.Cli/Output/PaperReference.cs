using MetaDsl.Training;

namespace MetaDsl.Cli.Output;

/// <summary>Published numbers to print beside ours, keyed by (algorithm, shots, steps).</summary>
/// <param name="Title">The column header.</param>
/// <param name="Note">Where the numbers come from and how they were obtained, printed under the table.</param>
/// <param name="Values">The reference values.</param>
internal sealed record PaperReference(string Title, string Note, IReadOnlyDictionary<(string Algorithm, int Shots, int Steps), double> Values)
{
    /// <summary>The reference for <paramref name="row"/>, if there is one.</summary>
    public double? Find(EvaluationRow row) =>
        Values.TryGetValue((row.Algorithm, row.Shots, row.Steps), out double value) ? value : null;
}
