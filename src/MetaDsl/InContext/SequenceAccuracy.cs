using System.Numerics;

namespace MetaDsl.InContext;

/// <summary>How often a sequence classifier's most likely class is the label, at each position of a sequence.</summary>
public static class SequenceAccuracy
{
    /// <summary>
    /// The accuracy of <typeparamref name="TLearner"/> (whose <c>Predict</c> gives logits [c, length, classes]) at
    /// <paramref name="theta"/> at every position of <paramref name="tasks"/>' sequences, averaged over the sequences.
    /// Chunks run on up to <paramref name="threads"/> threads; each counts into its own row, so the result does not
    /// depend on the thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The thread count is less than 1.</exception>
    public static double[] ByPosition<TLearner, T>(T[] theta, ProjectedImageTasks<T> tasks, int threads)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int length = tasks.Length, classes = tasks.Classes;
        var hits = new int[tasks.Chunks.Count, length];
        Parallel.For(0, tasks.Chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var chunk = tasks.Chunks[c];
            var labels = chunk[1].Data;
            var logits = new T[labels.Length * classes];
            TLearner.Predict<T>(theta, new Batch<T>(chunk[0]), logits);
            for (int row = 0; row < labels.Length; row++)
            {
                var scores = logits.AsSpan(row * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++)
                    if (scores[k] > scores[best]) best = k;
                if (T.CreateChecked(best) == labels[row]) hits[c, row % length]++;
            }
        });
        var accuracy = new double[length];
        for (int t = 0; t < length; t++)
        {
            int sum = 0;
            for (int c = 0; c < tasks.Chunks.Count; c++) sum += hits[c, t];
            accuracy[t] = (double)sum / tasks.Count;
        }
        return accuracy;
    }
}
