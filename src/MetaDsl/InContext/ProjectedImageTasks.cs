using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Tasks;

namespace MetaDsl.InContext;

/// <summary>
/// A meta-batch of sequences for general-purpose in-context classification (Kirsch et al. 2022): each sequence
/// picks a task from a <see cref="ProjectionTaskPool"/> and <see cref="Length"/> images at random, and token t is
/// (A·x_t, one-hot π(y_{t−1})), the standardized image projected by the task's matrix and the previous image's
/// permuted label (zeros at t = 0); the target at t is π(y_t). Chunks are <see cref="Batch{T}"/>es of
/// (tokens [c, length, d + classes], labels [c, length]), the inputs of a sequence classifier's loss.
/// Buffers are allocated once; <see cref="Sample"/> redraws every sequence in place.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ProjectedImageTasks<T> : IInContextTasks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LabelledImages _images;
    private readonly ProjectionTaskPool _pool;
    private readonly PixelStandardization _scale;
    private readonly Batch<T>[] _chunks;
    private readonly int[] _tasks;
    private readonly float[] _projection;
    private readonly byte[] _permutation;
    private readonly float[] _image;

    /// <summary>Allocates <paramref name="count"/> sequences of <paramref name="length"/> tokens in chunks of <paramref name="chunkSize"/> (the last may be smaller).</summary>
    /// <param name="images">The images the sequences show; their side² must be the pool's dimension.</param>
    /// <param name="pool">The tasks a sequence is drawn from.</param>
    /// <param name="scale">The standardization applied to every pixel before the projection.</param>
    /// <param name="count">Sequences.</param>
    /// <param name="length">Tokens per sequence.</param>
    /// <param name="chunkSize">Sequences per chunk.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    /// <exception cref="ArgumentException">The images do not fit the pool's dimension or classes.</exception>
    public ProjectedImageTasks(LabelledImages images, ProjectionTaskPool pool, PixelStandardization scale, int count, int length, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        if (images.Side * images.Side != pool.Dimension)
            throw new ArgumentException($"Images of {images.Side}x{images.Side} have {images.Side * images.Side} pixels; the tasks project {pool.Dimension}.", nameof(images));
        if (images.Classes != pool.Classes)
            throw new ArgumentException($"The images have {images.Classes} classes; the tasks permute {pool.Classes}.", nameof(images));
        _images = images;
        _pool = pool;
        _scale = scale;
        Count = count;
        Length = length;
        ChunkSize = chunkSize;
        Width = pool.Dimension + pool.Classes;
        _chunks = new Batch<T>[(count + chunkSize - 1) / chunkSize];
        for (int c = 0; c < _chunks.Length; c++)
        {
            int n = Math.Min(chunkSize, count - c * chunkSize);
            _chunks[c] = new Batch<T>(new Tensor<T>(new T[n * length * Width], n, length, Width), new Tensor<T>(new T[n * length], n, length));
        }
        _tasks = new int[count];
        _projection = new float[pool.Dimension * pool.Dimension];
        _permutation = new byte[pool.Classes];
        _image = new float[pool.Dimension];
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>Tokens per sequence.</summary>
    public int Length { get; }

    /// <summary>Values per token: the projected image, then the previous label's one-hot.</summary>
    public int Width { get; }

    /// <summary>The most sequences in one chunk.</summary>
    public int ChunkSize { get; }

    /// <summary>The number of classes.</summary>
    public int Classes => _pool.Classes;

    /// <inheritdoc/>
    public IReadOnlyList<Batch<T>> Chunks => _chunks;

    /// <summary>The pool task that sequence <paramref name="sequence"/> was drawn from.</summary>
    public int Task(int sequence) => _tasks[sequence];

    /// <summary>Sequence <paramref name="sequence"/>'s tokens, row-major [length, width].</summary>
    public ReadOnlySpan<T> Tokens(int sequence) => _chunks[sequence / ChunkSize][0].Data.AsSpan(sequence % ChunkSize * Length * Width, Length * Width);

    /// <summary>Sequence <paramref name="sequence"/>'s labels, one per token.</summary>
    public ReadOnlySpan<T> Labels(int sequence) => _chunks[sequence / ChunkSize][1].Data.AsSpan(sequence % ChunkSize * Length, Length);

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng)
    {
        int d = _pool.Dimension, sequence = 0;
        foreach (var chunk in _chunks)
        {
            var tokens = chunk[0].Data;
            var labels = chunk[1].Data;
            tokens.AsSpan().Clear();
            for (int s = 0; s < chunk[1].Shape[0]; s++, sequence++)
            {
                int task = rng.NextInt(_pool.Count);
                _tasks[sequence] = task;
                _pool.Write(task, _projection, _permutation);
                for (int t = 0; t < Length; t++)
                {
                    int index = rng.NextInt(_images.Count);
                    TensorPrimitives.Subtract(_images.Image(index), _scale.Mean, _image);
                    TensorPrimitives.Divide(_image, _scale.Deviation, _image);
                    var token = tokens.AsSpan((s * Length + t) * Width, Width);
                    for (int r = 0; r < d; r++) token[r] = T.CreateChecked(TensorPrimitives.Dot(_projection.AsSpan(r * d, d), _image));
                    int label = _permutation[_images.Labels[index]];
                    labels[s * Length + t] = T.CreateChecked(label);
                    if (t + 1 < Length) tokens[(s * Length + t + 1) * Width + d + label] = T.One;
                }
            }
        }
    }
}
