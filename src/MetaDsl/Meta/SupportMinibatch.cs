namespace MetaDsl.Meta;

/// <summary>
/// A reusable minibatch of a support set: a window of rows (axis 0) copied from every tensor, with
/// wrap-around. Its tensors are reallocated only when the support set's shape changes.
/// </summary>
internal sealed class SupportMinibatch<T> where T : unmanaged
{
    private readonly int _rows;
    private Batch<T>? _batch;

    /// <summary>Windows of <paramref name="rows"/> rows.</summary>
    public SupportMinibatch(int rows) => _rows = rows;

    /// <summary>Fills and returns the window starting at row <paramref name="start"/> (mod the support size).</summary>
    public Batch<T> Window(Batch<T> support, int start)
    {
        var batch = Fit(support);
        int n = support[0].Shape[0];
        for (int t = 0; t < support.Count; t++)
        {
            var source = support[t].Data;
            var target = batch[t].Data;
            int width = source.Length / n;
            for (int r = 0; r < _rows; r++)
            {
                int row = (int)(((long)start + r) % n);
                Array.Copy(source, row * width, target, r * width, width);
            }
        }
        return batch;
    }

    private Batch<T> Fit(Batch<T> support)
    {
        if (support.Count == 0 || support[0].Rank == 0 || support[0].Shape[0] == 0)
            throw new ArgumentException("Reptile minibatches need support tensors with a non-empty row axis.", nameof(support));
        if (_batch is { } cached && Matches(cached, support)) return cached;
        var tensors = new Tensor<T>[support.Count];
        for (int t = 0; t < support.Count; t++)
        {
            var shape = (int[])support[t].Shape.Clone();
            if (shape.Length == 0 || shape[0] != support[0].Shape[0])
                throw new ArgumentException($"Support tensor {t} has shape [{string.Join(", ", support[t].Shape)}]; every tensor needs the same row count {support[0].Shape[0]}.", nameof(support));
            shape[0] = _rows;
            int size = 1;
            foreach (var d in shape) size *= d;
            tensors[t] = new Tensor<T>(new T[size], shape);
        }
        return _batch = new Batch<T>(tensors);
    }

    private static bool Matches(Batch<T> cached, Batch<T> support)
    {
        if (cached.Count != support.Count) return false;
        for (int t = 0; t < support.Count; t++)
        {
            var a = cached[t].Shape;
            var b = support[t].Shape;
            if (a.Length != b.Length || b[0] != support[0].Shape[0]) return false;
            for (int d = 1; d < a.Length; d++)
                if (a[d] != b[d]) return false;
        }
        return true;
    }
}
