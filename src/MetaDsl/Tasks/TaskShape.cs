namespace MetaDsl.Tasks;

/// <summary>
/// Checks that a task handed to <see cref="ITaskSampler{T}.Sample"/> has the sampler's shapes, so a
/// task allocated by a different sampler fails with a message instead of an index error.
/// </summary>
internal static class TaskShape
{
    /// <summary>Checks that <paramref name="batch"/> holds two tensors of the expected shapes.</summary>
    public static void Check<T>(Batch<T> batch, string which, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets) where T : unmanaged
    {
        if (batch.Count != 2)
            throw new ArgumentException($"The {which} batch holds {batch.Count} tensors, expected 2 (inputs, targets); was the task allocated by this sampler?");
        CheckTensor(batch[0], which, "inputs", inputs);
        CheckTensor(batch[1], which, "targets", targets);
    }

    private static void CheckTensor<T>(Tensor<T> tensor, string which, string role, ReadOnlySpan<int> expected) where T : unmanaged
    {
        if (!tensor.Shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(
                $"The {which} {role} have shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", expected.ToArray())}]; was the task allocated by this sampler?");
    }
}
