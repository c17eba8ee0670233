using System.Globalization;

namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// <c>log(softmax(x))</c> along <paramref name="axis"/>, computed stably as
    /// <c>x - max - log(sum(exp(x - max)))</c>. The shape is unchanged.
    /// </summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis to normalize over; a negative one counts from the end (default: the last).</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape.</exception>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => SoftmaxCore(nameof(LogSoftmax), x, axis, log: true);

    /// <summary>
    /// <c>exp(x) / sum(exp(x))</c> along <paramref name="axis"/>, computed stably by subtracting the
    /// maximum first. The shape is unchanged; values along the axis sum to 1.
    /// </summary>
    /// <param name="x">The tensor, rank 1 or more.</param>
    /// <param name="axis">The axis to normalize over; a negative one counts from the end (default: the last).</param>
    /// <exception cref="ArgumentException">The axis is out of range for the shape.</exception>
    public static Tensor Softmax(Tensor x, int axis = -1) => SoftmaxCore(nameof(Softmax), x, axis, log: false);

    /// <summary>
    /// Softmax cross-entropy: for logits <c>[..., C]</c> and labels <c>[...]</c> holding class indices
    /// (integers stored as double, each in <c>[0, C)</c>), the mean over rows of
    /// <c>-LogSoftmax(logits)[row, label[row]]</c>, as a rank-0 tensor.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The labels' shape is not the logits' shape without its last dim, or a label is not an
    /// integer in <c>[0, C)</c> (the message names its index and value).
    /// </exception>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        const string op = nameof(SoftmaxCrossEntropy);
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Rank == 0 || !labels.Shape.AsSpan().SequenceEqual(logits.Shape.AsSpan(0, logits.Rank - 1)))
            throw new ArgumentException($"{op}: logits {ShapeHelper.Format(logits.Shape)} and labels {ShapeHelper.Format(labels.Shape)} do not match (labels must have the logits' shape without its last dim, the classes).");
        int classes = logits.Shape[^1];
        int rows = labels.Length;
        var logp = LogSoftmax(logits, -1);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double label = labels.Data[r];
            if (!(label >= 0 && label < classes && label == Math.Floor(label)))
                throw new ArgumentException($"{op}: label at index {FormatFlatIndex(r, labels.Shape)} is {label.ToString(CultureInfo.InvariantCulture)}, expected an integer class index in [0, {classes}) (logits {ShapeHelper.Format(logits.Shape)}, labels {ShapeHelper.Format(labels.Shape)}).", nameof(labels));
            total -= logp.Data[r * classes + (int)label];
        }
        return Tensor.Scalar(total / rows);
    }

    private static Tensor SoftmaxCore(string op, Tensor x, int axis, bool log)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = ShapeHelper.NormalizeAxis(op, axis, x.Shape);
        var (outer, n, inner) = SplitAtAxis(x.Shape, a);
        var result = NewTensor(x.Shape);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int At(int k) => (o * n + k) * inner + i;
                double max = double.NegativeInfinity;
                for (int k = 0; k < n; k++) max = Math.Max(max, x.Data[At(k)]);
                if (double.IsNegativeInfinity(max)) max = 0; // all -inf: avoid -inf - -inf = NaN in the shift
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Math.Exp(x.Data[At(k)] - max);
                double logSum = Math.Log(sum);
                for (int k = 0; k < n; k++)
                {
                    double shifted = x.Data[At(k)] - max;
                    result.Data[At(k)] = log ? shifted - logSum : Math.Exp(shifted) / sum;
                }
            }
        return result;
    }

    /// <summary>Formats flat offset <paramref name="flat"/> of a row-major shape as a multi-index, e.g. <c>[1, 0]</c>.</summary>
    private static string FormatFlatIndex(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return ShapeHelper.Format(index);
    }
}
