namespace MetaDsl.Embedding;

/// <summary>Wraps flat row-major values as a tensor of an input whose first dim is the symbolic row count.</summary>
internal static class Rows
{
    /// <summary>A copy of <paramref name="values"/> shaped [n, fixed dims…] for <paramref name="input"/>.</summary>
    public static Tensor<T> Tensor<T>(ReadOnlySpan<T> values, InputInfo input, string learner) where T : unmanaged
    {
        var dims = input.Dims;
        if (dims.Length == 0 || int.TryParse(dims[0], out _))
            throw new ArgumentException($"{learner}: input {input} does not have a row count as its first dim; build the Batch<T> yourself.");
        var shape = new int[dims.Length];
        int width = 1;
        for (int d = 1; d < dims.Length; d++)
        {
            if (!int.TryParse(dims[d], out shape[d]))
                throw new ArgumentException($"{learner}: input {input} has symbolic dim '{dims[d]}' beyond the rows; build the Batch<T> yourself.");
            width *= shape[d];
        }
        if (values.Length == 0 || values.Length % width != 0)
            throw new ArgumentException($"{learner}: {values.Length} values are not whole rows of input {input} ({width} per row).");
        shape[0] = values.Length / width;
        return new Tensor<T>(values.ToArray(), shape);
    }
}
