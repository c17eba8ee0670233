namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// 2-d convolution (cross-correlation, as PyTorch's <c>conv2d</c>) with bias:
    /// x <c>[n, c, h, w]</c>, W <c>[o, c, kh, kw]</c>, b <c>[o]</c> → <c>[n, o, h', w']</c> with
    /// h' = (h + 2·padding - kh) / stride + 1 (floor), likewise w'. Padding is zeros on every side.
    /// </summary>
    /// <exception cref="ArgumentException">A rank is wrong, the channel counts differ, b is not <c>[o]</c>, stride is below 1, padding is negative, or the window is larger than the padded input.</exception>
    public static Tensor Conv2d(Tensor x, Tensor W, Tensor b, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(b);
        var y = Conv2d(x, W, stride, padding);
        if (b.Rank != 1 || b.Shape[0] != W.Shape[0])
            throw new ArgumentException($"Conv2d: bias b {ShapeHelper.Format(b.Shape)} must be [{W.Shape[0]}], one value per output channel of W {ShapeHelper.Format(W.Shape)}.");
        int n = y.Shape[0], o = y.Shape[1], pixels = y.Shape[2] * y.Shape[3];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < o; k++)
                for (int p = 0; p < pixels; p++) y.Data[(i * o + k) * pixels + p] += b.Data[k];
        return y;
    }

    /// <summary>2-d convolution without bias; see <see cref="Conv2d(Tensor, Tensor, Tensor, int, int)"/>.</summary>
    /// <exception cref="ArgumentException">A rank is wrong, the channel counts differ, stride is below 1, padding is negative, or the window is larger than the padded input.</exception>
    public static Tensor Conv2d(Tensor x, Tensor W, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(W);
        if (x.Rank != 4) throw new ArgumentException($"Conv2d: x {ShapeHelper.Format(x.Shape)} must be [n, c, h, w].");
        if (W.Rank != 4) throw new ArgumentException($"Conv2d: W {ShapeHelper.Format(W.Shape)} must be [o, c, kh, kw].");
        if (x.Shape[1] != W.Shape[1])
            throw new ArgumentException($"Conv2d: x {ShapeHelper.Format(x.Shape)} has {x.Shape[1]} channels but W {ShapeHelper.Format(W.Shape)} expects {W.Shape[1]}.");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int o = W.Shape[0], kh = W.Shape[2], kw = W.Shape[3];
        var (oh, ow) = WindowOutput("Conv2d", x, kh, kw, stride, padding);
        var y = NewTensor([n, o, oh, ow]);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < o; k++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        double s = 0;
                        for (int ch = 0; ch < c; ch++)
                            for (int u = 0; u < kh; u++)
                            {
                                int row = r * stride - padding + u;
                                if (row < 0 || row >= h) continue;
                                for (int v = 0; v < kw; v++)
                                {
                                    int col = q * stride - padding + v;
                                    if (col < 0 || col >= w) continue;
                                    s += x.Data[((i * c + ch) * h + row) * w + col] * W.Data[((k * c + ch) * kh + u) * kw + v];
                                }
                            }
                        y.Data[((i * o + k) * oh + r) * ow + q] = s;
                    }
        return y;
    }

    /// <summary>
    /// Max pooling of x <c>[n, c, h, w]</c> over kernel×kernel windows moved by the stride
    /// (the kernel when omitted), no padding, floor sizes. On ties the first position (row-major in the window) wins.
    /// </summary>
    /// <exception cref="ArgumentException">x is not rank 4, the kernel or stride is below 1, or the window is larger than the input.</exception>
    public static Tensor MaxPool2d(Tensor x, int kernel) => MaxPool2d(x, kernel, kernel);

    /// <inheritdoc cref="MaxPool2d(Tensor, int)"/>
    public static Tensor MaxPool2d(Tensor x, int kernel, int stride) => Pool("MaxPool2d", x, kernel, stride, max: true);

    /// <summary>Average pooling of x <c>[n, c, h, w]</c> over kernel×kernel windows moved by the stride (the kernel when omitted), no padding, floor sizes.</summary>
    /// <exception cref="ArgumentException">x is not rank 4, the kernel or stride is below 1, or the window is larger than the input.</exception>
    public static Tensor AvgPool2d(Tensor x, int kernel) => AvgPool2d(x, kernel, kernel);

    /// <inheritdoc cref="AvgPool2d(Tensor, int)"/>
    public static Tensor AvgPool2d(Tensor x, int kernel, int stride) => Pool("AvgPool2d", x, kernel, stride, max: false);

    /// <summary>
    /// Batch norm with the statistics of the batch itself (as MAML uses it; no running averages):
    /// per channel (axis 1) of x <c>[n, c]</c> or <c>[n, c, h, w]</c>, gamma·(x - mean)/sqrt(var + eps) + beta,
    /// with the mean and biased variance over every axis but 1. gamma and beta are <c>[c]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">x is not rank 2 or 4, gamma or beta is not <c>[c]</c>, or eps is not positive.</exception>
    public static Tensor BatchNorm(Tensor x, Tensor gamma, Tensor beta, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        if (x.Rank != 2 && x.Rank != 4) throw new ArgumentException($"BatchNorm: x {ShapeHelper.Format(x.Shape)} must be [n, c] or [n, c, h, w].");
        int n = x.Shape[0], c = x.Shape[1], pixels = x.Rank == 4 ? x.Shape[2] * x.Shape[3] : 1;
        if (gamma.Rank != 1 || gamma.Shape[0] != c || beta.Rank != 1 || beta.Shape[0] != c)
            throw new ArgumentException($"BatchNorm: gamma {ShapeHelper.Format(gamma.Shape)} and beta {ShapeHelper.Format(beta.Shape)} must be [{c}], one value per channel of x {ShapeHelper.Format(x.Shape)}.");
        if (!(eps > 0)) throw new ArgumentException($"BatchNorm: eps {eps} must be positive.");
        var y = NewTensor(x.Shape);
        double count = (double)n * pixels;
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < pixels; p++) sum += x.Data[(i * c + ch) * pixels + p];
            double mean = sum / count, squares = 0;
            for (int i = 0; i < n; i++)
                for (int p = 0; p < pixels; p++)
                {
                    double d = x.Data[(i * c + ch) * pixels + p] - mean;
                    squares += d * d;
                }
            double scale = gamma.Data[ch] / Math.Sqrt(squares / count + eps);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < pixels; p++)
                {
                    int at = (i * c + ch) * pixels + p;
                    y.Data[at] = (x.Data[at] - mean) * scale + beta.Data[ch];
                }
        }
        return y;
    }

    /// <summary>x <c>[n, …]</c> → <c>[n, product of the rest]</c>, the same values in the same order.</summary>
    /// <exception cref="ArgumentException">x has rank below 2.</exception>
    public static Tensor Flatten(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2) throw new ArgumentException($"Flatten: x {ShapeHelper.Format(x.Shape)} must be [n, …] with rank 2 or more.");
        return new Tensor((double[])x.Data.Clone(), x.Shape[0], (int)(x.Length / Math.Max(1, x.Shape[0])));
    }

    private static Tensor Pool(string op, Tensor x, int kernel, int stride, bool max)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4) throw new ArgumentException($"{op}: x {ShapeHelper.Format(x.Shape)} must be [n, c, h, w].");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var (oh, ow) = WindowOutput(op, x, kernel, kernel, stride, 0);
        var y = NewTensor([n, c, oh, ow]);
        for (int plane = 0; plane < n * c; plane++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    for (int u = 0; u < kernel; u++)
                        for (int v = 0; v < kernel; v++)
                        {
                            double value = x.Data[(plane * h + r * stride + u) * w + q * stride + v];
                            acc = max ? (value > acc ? value : acc) : acc + value;
                        }
                    y.Data[(plane * oh + r) * ow + q] = max ? acc : acc / ((double)kernel * kernel);
                }
        return y;
    }

    /// <summary>The output size of a sliding window over x's last two dims, or an exception naming the op when it does not fit.</summary>
    private static (int Rows, int Cols) WindowOutput(string op, Tensor x, int kh, int kw, int stride, int padding)
    {
        if (kh < 1 || kw < 1 || stride < 1 || padding < 0)
            throw new ArgumentException($"{op}: kernel {kh}x{kw}, stride {stride} and padding {padding} must be positive (padding non-negative).");
        long rows = x.Shape[2] + 2L * padding, cols = x.Shape[3] + 2L * padding;
        if (rows < kh || cols < kw)
            throw new ArgumentException($"{op}: the {kh}x{kw} window is larger than the padded input {rows}x{cols} of x {ShapeHelper.Format(x.Shape)}.");
        return ((int)((rows - kh) / stride + 1), (int)((cols - kw) / stride + 1));
    }
}
