namespace MetaDsl.Meta;

/// <summary>
/// The batches and buffers ProtoNet needs for one task batch (inputs…, labels): the inputs alone for
/// <c>Predict</c> and its pull-back, a cotangent buffer, and room for
/// the embeddings. Built once per batch object, so refilling a task in place reuses them.
/// </summary>
internal sealed class EmbeddingBindings<T> where T : unmanaged
{
    /// <summary>The bindings of <paramref name="batch"/> in <paramref name="cache"/>, made on first use, so refilling a task in place reuses them.</summary>
    public static EmbeddingBindings<T> Of(System.Runtime.CompilerServices.ConditionalWeakTable<Batch<T>, EmbeddingBindings<T>> cache, LearnerInfo info, Batch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (cache.TryGetValue(batch, out var bindings)) return bindings;
        bindings = new EmbeddingBindings<T>(info, batch);
        cache.AddOrUpdate(batch, bindings);
        return bindings;
    }

    /// <summary>Binds <paramref name="batch"/>, whose last tensor is the labels.</summary>
    public EmbeddingBindings(LearnerInfo info, Batch<T> batch)
    {
        int inputs = info.ForwardInputs.Count;
        if (batch.Count != inputs + 1)
            throw new ArgumentException($"{info.Name}: a ProtoNet task batch holds the {inputs} [Forward] input(s) and then the labels ({inputs + 1} tensors); this one holds {batch.Count}.", nameof(batch));
        var forward = new Tensor<T>[inputs];
        for (int i = 0; i < inputs; i++) forward[i] = batch[i];
        Forward = new Batch<T>(forward);
        Labels = batch[inputs];
        Rows = Labels.Rank == 0 ? 1 : Labels.Shape[0];
        int length = info.OutputLength(Forward);
        if (Rows == 0 || length % Rows != 0)
            throw new ArgumentException($"{info.Name}: the embeddings have {length} values, not a multiple of the {Rows} labelled rows.", nameof(batch));
        Dim = length / Rows;
        Embeddings = new T[length];
        Cotangent = new T[length];
        ClassOf = new int[Rows];
    }

    /// <summary>The <c>[Forward]</c> inputs.</summary>
    public Batch<T> Forward { get; }


    /// <summary>The labels tensor: class indices [n] or [n, 1], or one-hot [n, N].</summary>
    public Tensor<T> Labels { get; }

    /// <summary>n, the number of examples.</summary>
    public int Rows { get; }

    /// <summary>D, the embedding width.</summary>
    public int Dim { get; }

    /// <summary>The embeddings, [n, D].</summary>
    public T[] Embeddings { get; }

    /// <summary>dLoss/dEmbeddings, [n, D], pulled back through the embedding.</summary>
    public T[] Cotangent { get; }

    /// <summary>The decoded class index of each example.</summary>
    public int[] ClassOf { get; }
}
