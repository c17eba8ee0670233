namespace MetaDsl.Tasks;

/// <summary>Grey images of one size with a class label each: the rows of <see cref="Pixels"/>, values in [0, 1].</summary>
public sealed class LabelledImages
{
    /// <summary>Wraps <paramref name="pixels"/> (count × side² values, row-major) and <paramref name="labels"/> (no copy).</summary>
    /// <exception cref="ArgumentException">The lengths do not agree, or a label is not below <paramref name="classes"/>.</exception>
    public LabelledImages(int side, int classes, float[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (labels.Length == 0 || pixels.Length != (long)labels.Length * side * side)
            throw new ArgumentException($"{labels.Length} images of {side}x{side} need {(long)labels.Length * side * side} pixels; {pixels.Length} were given.", nameof(pixels));
        int bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0) throw new ArgumentException($"Image {bad} has label {labels[bad]}; there are {classes} classes.", nameof(labels));
        Side = side;
        Classes = classes;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Pixels per row and per column.</summary>
    public int Side { get; }

    /// <summary>The number of classes; labels are 0 to this minus one.</summary>
    public int Classes { get; }

    /// <summary>The images, one row of <see cref="Side"/>² values each.</summary>
    public float[] Pixels { get; }

    /// <summary>Each image's class.</summary>
    public byte[] Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>'s pixels.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * Side * Side, Side * Side);

    /// <summary>A copy of images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1, for splitting a set in two.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or not inside the set.</exception>
    public LabelledImages Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, Count, nameof(count));
        int pixels = Side * Side;
        return new LabelledImages(Side, Classes, Pixels.AsSpan(start * pixels, count * pixels).ToArray(), Labels.AsSpan(start, count).ToArray());
    }

    /// <summary>The images at <paramref name="indices"/> as a batch of rows [n, side²] and their labels [n], the inputs of a classifier's loss.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an image of the set.</exception>
    public Batch<T> Rows<T>(ReadOnlySpan<int> indices) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int pixels = Side * Side;
        var x = new T[indices.Length * pixels];
        var labels = new T[indices.Length];
        for (int row = 0; row < indices.Length; row++)
        {
            int index = indices[row];
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count, nameof(indices));
            var image = Image(index);
            for (int j = 0; j < pixels; j++) x[row * pixels + j] = T.CreateChecked(image[j]);
            labels[row] = T.CreateChecked(Labels[index]);
        }
        return new Batch<T>(new Tensor<T>(x, indices.Length, pixels), new Tensor<T>(labels, indices.Length));
    }
}
