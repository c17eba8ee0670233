using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>A linear self-attention learner's <see cref="QueryOutputs"/>: its generated <c>Predict</c>, and its input pullback for dŷ/dx_q.</summary>
public static class AttentionOutputs
{
    /// <summary>
    /// The predictions of <typeparamref name="TLearner"/> at <paramref name="theta"/> on every task of
    /// <paramref name="tasks"/>, and their gradients with respect to the query's x (each task's prediction
    /// depends on its own tokens only, so pulling back ones gives every task's at once).
    /// </summary>
    public static QueryOutputs Of<TLearner, T>(ReadOnlySpan<T> theta, RegressionTaskSet<T> tasks)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var outputs = new QueryOutputs(tasks.Count);
        const int width = RegressionTokens.Width, taskTokens = RegressionTokens.Count * width;
        var predictions = new T[tasks.ChunkSize];
        var ones = new T[tasks.ChunkSize];
        ones.AsSpan().Fill(T.One);
        var inputGradient = new T[tasks.ChunkSize * taskTokens];
        int first = 0;
        foreach (var chunk in tasks.Chunks)
        {
            int n = chunk[1].Length;
            var inputs = new Batch<T>(chunk[0]);
            TLearner.Predict(theta, inputs, predictions.AsSpan(0, n));
            TLearner.PredictInputPullback(theta, inputs, ones.AsSpan(0, n), inputGradient.AsSpan(0, n * taskTokens));
            for (int t = 0; t < n; t++)
            {
                outputs.Predictions[first + t] = double.CreateChecked(predictions[t]);
                var query = inputGradient.AsSpan(t * taskTokens + RegressionTokens.Query * width, RegressionTokens.Dimension);
                var sensitivity = outputs.Sensitivity(first + t);
                for (int j = 0; j < sensitivity.Length; j++) sensitivity[j] = double.CreateChecked(query[j]);
            }
            first += n;
        }
        return outputs;
    }
}
