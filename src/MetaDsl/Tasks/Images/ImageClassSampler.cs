using System.Buffers;
using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// N-way K-shot image classification from one <see cref="ImageSplit"/>: each task picks N distinct
/// classes, labelled 0..N−1 in the order drawn, and K + Q distinct images of each. Batches are
/// (x [N·k, size·size], labels [N·k]), class-major (see <see cref="IClassificationSampler{T}"/>).
/// </summary>
public sealed class ImageClassSampler<T> : IClassificationSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int StackLimit = 512;
    private readonly IReadOnlyList<ImageClass> _classes;
    private readonly int _maxImages;

    /// <summary>Creates a sampler over <paramref name="split"/>.</summary>
    /// <exception cref="ArgumentException">The split has fewer than <paramref name="ways"/> classes, or a class has fewer than shots + queries images.</exception>
    public ImageClassSampler(ImageSplit split, int ways, int shots, int queriesPerClass)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queriesPerClass, 1);
        if (split.Classes.Count < ways)
            throw new ArgumentException($"The {split.Name} split of '{split.Root}' has {split.Classes.Count} classes, fewer than the {ways} ways asked for.", nameof(split));
        foreach (var c in split.Classes)
        {
            if (c.Count < shots + queriesPerClass)
                throw new ArgumentException(
                    $"Class '{c.Name}' ({c.Directory}) has {c.Count} images, fewer than shots + queries = {shots} + {queriesPerClass} = {shots + queriesPerClass}.", nameof(split));
            _maxImages = Math.Max(_maxImages, c.Count);
        }
        _classes = split.Classes;
        Split = split;
        Ways = ways;
        Shots = shots;
        QueriesPerClass = queriesPerClass;
    }

    /// <summary>The split drawn from.</summary>
    public ImageSplit Split { get; }

    /// <inheritdoc/>
    public int Ways { get; }

    /// <inheritdoc/>
    public int Shots { get; }

    /// <inheritdoc/>
    public int QueriesPerClass { get; }

    /// <summary>Values per image (size²).</summary>
    public int Features => Split.Features;

    /// <inheritdoc/>
    public MetaTask<T> Allocate() => new(AllocateBatch(Shots), AllocateBatch(QueriesPerClass));

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskShape.Check(task.Support, "support", [Ways * Shots, Features], [Ways * Shots]);
        TaskShape.Check(task.Query, "query", [Ways * QueriesPerClass, Features], [Ways * QueriesPerClass]);
        var xs = task.Support[0].Data;
        var xq = task.Query[0].Data;
        int f = Features;
        // Index scratch on the stack when small, else pooled: sampling stays allocation-free and
        // thread-safe without per-sampler buffers.
        int[]? rented = null, rentedImages = null;
        Span<int> chosen = _classes.Count <= StackLimit ? stackalloc int[StackLimit] : (rented = ArrayPool<int>.Shared.Rent(_classes.Count));
        Span<int> images = _maxImages <= StackLimit ? stackalloc int[StackLimit] : (rentedImages = ArrayPool<int>.Shared.Rent(_maxImages));
        ChooseDistinct(ref rng, chosen[.._classes.Count], Ways);
        for (int c = 0; c < Ways; c++)
        {
            var cls = _classes[chosen[c]];
            ChooseDistinct(ref rng, images[..cls.Count], Shots + QueriesPerClass);
            for (int i = 0; i < Shots; i++)
                cls.CopyTo(images[i], xs.AsSpan((c * Shots + i) * f, f));
            for (int i = 0; i < QueriesPerClass; i++)
                cls.CopyTo(images[Shots + i], xq.AsSpan((c * QueriesPerClass + i) * f, f));
        }
        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        if (rentedImages is not null) ArrayPool<int>.Shared.Return(rentedImages);
        FillLabels(task.Support[1].Data, Shots);
        FillLabels(task.Query[1].Data, QueriesPerClass);
    }

    /// <summary>A partial Fisher–Yates shuffle: afterwards the first <paramref name="k"/> entries are distinct uniform picks from 0..n−1.</summary>
    private static void ChooseDistinct(ref SplitMix64 rng, Span<int> indices, int k)
    {
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(indices.Length - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
    }

    private Batch<T> AllocateBatch(int perClass)
    {
        int n = Ways * perClass;
        return new(new Tensor<T>(new T[n * Features], n, Features), new Tensor<T>(new T[n], n));
    }

    private static void FillLabels(T[] labels, int perClass)
    {
        for (int i = 0; i < labels.Length; i++) labels[i] = T.CreateChecked(i / perClass);
    }
}
