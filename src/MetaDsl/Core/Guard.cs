using System.Numerics;

namespace MetaDsl;

/// <summary>
/// Run-time checks called by generated code: each failure names the learner, the tensor, the
/// expected and the actual value.
/// </summary>
public static class Guard
{
    /// <summary>When true, generated programs reject NaN or infinity in theta. Off by default (it costs a pass over theta).</summary>
    public static bool CheckFinite { get; set; }

    /// <summary>Checks that a span has exactly the expected length.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, int expected, string learner, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{learner}: '{name}' has length {span.Length}, expected {expected}.", name);
    }

    /// <summary>Checks that an output span does not overlap an input: generated code writes outputs while it still reads inputs.</summary>
    public static void Distinct<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string learner, string inputName, string outputName)
    {
        if (input.Overlaps(output))
            throw new ArgumentException($"{learner}: '{outputName}' overlaps '{inputName}'; pass a separate buffer.", outputName);
    }

    /// <summary>Checks theta's length and, when <see cref="CheckFinite"/> is on, its values.</summary>
    public static void Theta<T>(ReadOnlySpan<T> theta, LearnerInfo info, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Length(theta, info.ParameterCount, info.Name, name);
        if (!CheckFinite) return;
        for (int i = 0; i < theta.Length; i++)
        {
            if (T.IsFinite(theta[i])) continue;
            string where = "";
            foreach (var p in info.Parameters)
                if (i >= p.Offset && i < p.Offset + p.Size) where = $" (parameter {p.Name}, entry {i - p.Offset})";
            throw new ArgumentException($"{info.Name}: '{name}'[{i}]{where} is {theta[i]}; expected a finite value.", name);
        }
    }

    /// <summary>Checks the batch's tensor count and returns tensor <paramref name="index"/> after checking its rank.</summary>
    public static Tensor<T> Input<T>(Batch<T> batch, int index, int count, int rank, string learner, string input, string expected) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count != count)
            throw new ArgumentException($"{learner}: the batch holds {batch.Count} tensors, expected {count}.", nameof(batch));
        var t = batch[index];
        if (t.Rank != rank)
            throw new ArgumentException($"{learner}: input '{input}' has shape [{string.Join(", ", t.Shape)}], expected {expected}.", nameof(batch));
        return t;
    }

    /// <summary>Checks that dim <paramref name="axis"/> of an input equals a constant or an already bound symbol.</summary>
    public static void Dim<T>(Tensor<T> t, int axis, int expected, string learner, string input, string expectedShape) where T : unmanaged
    {
        if (t.Shape[axis] != expected)
            throw new ArgumentException($"{learner}: input '{input}' has shape [{string.Join(", ", t.Shape)}], expected {expectedShape} (dim {axis} must be {expected}).");
    }
}
