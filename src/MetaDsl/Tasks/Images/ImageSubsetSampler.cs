using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// Tasks that are random subsets of a labelled image set, for training a classifier on all its
/// classes (learned_optimization's small image tasks): the support is <see cref="SupportSize"/> images
/// of one set, the query <see cref="QuerySize"/> of another (or the same). Batches are
/// (x [n, side²], labels [n]) with the labels as <typeparamref name="T"/>. Images are drawn with
/// replacement, so a task is a function of the random stream alone.
/// </summary>
public sealed class ImageSubsetSampler<T> : ITaskSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a sampler.</summary>
    /// <param name="support">The images support sets are drawn from.</param>
    /// <param name="query">The images query sets are drawn from: the same set, or a held-out one of the same side.</param>
    /// <param name="supportSize">Support images per task.</param>
    /// <param name="querySize">Query images per task.</param>
    /// <exception cref="ArgumentException">The two sets differ in side or classes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public ImageSubsetSampler(LabelledImages support, LabelledImages query, int supportSize, int querySize)
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(supportSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(querySize, 1);
        if (support.Side != query.Side || support.Classes != query.Classes)
            throw new ArgumentException($"Support images are {support.Side}x{support.Side} in {support.Classes} classes but query images {query.Side}x{query.Side} in {query.Classes}.", nameof(query));
        SupportImages = support;
        QueryImages = query;
        SupportSize = supportSize;
        QuerySize = querySize;
    }

    /// <summary>The images support sets are drawn from.</summary>
    public LabelledImages SupportImages { get; }

    /// <summary>The images query sets are drawn from.</summary>
    public LabelledImages QueryImages { get; }

    /// <summary>Support images per task.</summary>
    public int SupportSize { get; }

    /// <summary>Query images per task.</summary>
    public int QuerySize { get; }

    /// <summary>Pixels per image, the classifier's input width.</summary>
    public int Features => SupportImages.Side * SupportImages.Side;

    /// <inheritdoc/>
    public MetaTask<T> Allocate() => new(AllocateBatch(SupportSize), AllocateBatch(QuerySize));

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskShape.Check(task.Support, "support", [SupportSize, Features], [SupportSize]);
        TaskShape.Check(task.Query, "query", [QuerySize, Features], [QuerySize]);
        Fill(ref rng, SupportImages, task.Support);
        Fill(ref rng, QueryImages, task.Query);
    }

    private void Fill(ref SplitMix64 rng, LabelledImages images, Batch<T> batch)
    {
        var x = batch[0].Data;
        var labels = batch[1].Data;
        int d = Features;
        for (int row = 0; row < labels.Length; row++)
        {
            int index = rng.NextInt(images.Count);
            var image = images.Image(index);
            for (int j = 0; j < d; j++) x[row * d + j] = T.CreateChecked(image[j]);
            labels[row] = T.CreateChecked(images.Labels[index]);
        }
    }

    private Batch<T> AllocateBatch(int n) => new(new Tensor<T>(new T[n * Features], n, Features), new Tensor<T>(new T[n], n));
}
