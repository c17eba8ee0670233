using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Training;

/// <summary>The fraction of a classification batch whose largest logit is its label.</summary>
internal static class QueryAccuracy
{
    /// <summary>
    /// Runs the learner's forward pass on the batch's leading (forward) inputs; its last tensor holds
    /// class indices. The output must be logits [n, classes].
    /// </summary>
    public static double Of<TLearner, T>(ReadOnlySpan<T> theta, Batch<T> batch)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = TLearner.Info;
        var inputs = new Tensor<T>[info.ForwardInputs.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = batch[i];
        var forward = new Batch<T>(inputs);
        var logits = new T[info.OutputLength(forward)];
        TLearner.Predict<T>(theta, forward, logits);
        var labels = batch[batch.Count - 1].Data;
        if (labels.Length == 0 || logits.Length % labels.Length != 0)
            throw new ArgumentException($"{info.Name}: {logits.Length} logits do not split into rows for {labels.Length} labels.", nameof(batch));
        int classes = logits.Length / labels.Length;
        int correct = 0;
        for (int r = 0; r < labels.Length; r++)
            if (TensorPrimitives.IndexOfMax<T>(logits.AsSpan(r * classes, classes)) == int.CreateChecked(labels[r])) correct++;
        return (double)correct / labels.Length;
    }
}
