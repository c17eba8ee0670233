using System.Numerics;

namespace MetaDsl.Kernels;

public static partial class ElementWise
{
    /// <summary>
    /// Writes one row of <paramref name="classes"/> values per label: 1 at the label's class, 0 elsewhere.
    /// </summary>
    /// <param name="labels">Class indices stored as floating-point integers.</param>
    /// <param name="dst">Receives <c>labels.Length * classes</c> values, row-major.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="tensorName">Name of the labels tensor, used in the error message.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in [0, classes); <paramref name="dst"/> is then left untouched.</exception>
    public static void OneHot<T>(ReadOnlySpan<T> labels, Span<T> dst, int classes, string tensorName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classes);
        if (dst.Length != (long)labels.Length * classes)
        {
            throw new ArgumentException(
                $"One-hot of '{tensorName}' needs {(long)labels.Length * classes} values but the destination has {dst.Length}.", nameof(dst));
        }

        // Validate everything before writing, so that a bad label leaves no half-written output.
        CheckLabels(labels, classes, tensorName);

        dst.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            dst[i * classes + int.CreateTruncating(labels[i])] = T.One;
        }
    }

    /// <summary>
    /// Throws unless every label is an integer in [0, <paramref name="classes"/>): what <see cref="OneHot{T}"/>
    /// checks, callable on its own where the one-hot runs on a device that cannot throw.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in [0, classes).</exception>
    public static void CheckLabels<T>(ReadOnlySpan<T> labels, int classes, string tensorName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var limit = T.CreateSaturating(classes);
        for (int i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (!T.IsInteger(label) || label < T.Zero || label >= limit)
            {
                throw new ArgumentOutOfRangeException(
                    tensorName,
                    label,
                    $"Label at index {i} of tensor '{tensorName}' is {label}; expected an integer in [0, {classes}).");
            }
        }
    }
}
