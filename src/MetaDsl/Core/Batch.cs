namespace MetaDsl;

/// <summary>
/// The tensors passed to a generated program, in the order of the <c>[Loss]</c> method's parameters
/// (for <c>Predict</c>, of the <c>[Forward]</c> method's).
/// </summary>
public sealed class Batch<T> where T : unmanaged
{
    private readonly Tensor<T>[] _tensors;

    /// <summary>Holds the given tensors (no copy).</summary>
    public Batch(params Tensor<T>[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        for (int i = 0; i < tensors.Length; i++)
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"Batch tensor {i} is null.");
        _tensors = tensors;
    }

    /// <summary>The number of tensors.</summary>
    public int Count => _tensors.Length;

    /// <summary>The tensor at <paramref name="index"/>.</summary>
    public Tensor<T> this[int index] => _tensors[index];
}
