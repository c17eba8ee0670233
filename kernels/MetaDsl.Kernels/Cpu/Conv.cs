using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Kernels;

/// <summary>
/// The layout kernels of convolution: unfolding the sliding windows of an [n, c, h, w] image into
/// columns [n, c·kh·kw, h'·w'] (so a convolution is one GEMM against W viewed as [o, c·kh·kw]) and
/// folding columns back by adding (its adjoint). Windows reaching into the zero padding read zeros.
/// </summary>
public static class Conv
{
    /// <summary>
    /// dst[i, (ch·kh + u)·kw + v, r·w' + q] = src[i, ch, r·stride - padding + u, q·stride - padding + v],
    /// or zero where that position is in the padding.
    /// </summary>
    public static void Im2Col<T>(ReadOnlySpan<T> src, Span<T> dst, int n, int c, int h, int w, int kh, int kw, int stride, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (oh, ow) = Check(src.Length, dst.Length, n, c, h, w, kh, kw, stride, padding);
        int pixels = oh * ow;
        for (int plane = 0; plane < n * c; plane++)
        {
            var image = src.Slice(plane * h * w, h * w);
            var columns = dst.Slice(plane * kh * kw * pixels, kh * kw * pixels);
            for (int u = 0; u < kh; u++)
            {
                for (int v = 0; v < kw; v++)
                {
                    var row = columns.Slice((u * kw + v) * pixels, pixels);
                    var (first, last) = ValidRange(v, w, ow, stride, padding);
                    for (int r = 0; r < oh; r++)
                    {
                        var line = row.Slice(r * ow, ow);
                        int y = r * stride - padding + u;
                        if (y < 0 || y >= h || first >= last)
                        {
                            line.Clear();
                            continue;
                        }
                        line[..first].Clear();
                        line[last..].Clear();
                        var source = image.Slice(y * w, w);
                        int x0 = first * stride - padding + v;
                        if (stride == 1)
                        {
                            source.Slice(x0, last - first).CopyTo(line[first..last]);
                        }
                        else
                        {
                            for (int q = first, x = x0; q < last; q++, x += stride)
                            {
                                line[q] = source[x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col{T}"/>: dst = 0, then each column entry is added to the image position it was read from.</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> src, Span<T> dst, int n, int c, int h, int w, int kh, int kw, int stride, int padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (oh, ow) = Check(dst.Length, src.Length, n, c, h, w, kh, kw, stride, padding);
        int pixels = oh * ow;
        dst[..(n * c * h * w)].Clear();
        for (int plane = 0; plane < n * c; plane++)
        {
            var image = dst.Slice(plane * h * w, h * w);
            var columns = src.Slice(plane * kh * kw * pixels, kh * kw * pixels);
            for (int u = 0; u < kh; u++)
            {
                for (int v = 0; v < kw; v++)
                {
                    var row = columns.Slice((u * kw + v) * pixels, pixels);
                    var (first, last) = ValidRange(v, w, ow, stride, padding);
                    if (first >= last)
                    {
                        continue;
                    }
                    for (int r = 0; r < oh; r++)
                    {
                        int y = r * stride - padding + u;
                        if (y < 0 || y >= h)
                        {
                            continue;
                        }
                        var line = row.Slice(r * ow, ow);
                        var target = image.Slice(y * w, w);
                        int x0 = first * stride - padding + v;
                        if (stride == 1)
                        {
                            var span = target.Slice(x0, last - first);
                            TensorPrimitives.Add(span, line[first..last], span);
                        }
                        else
                        {
                            for (int q = first, x = x0; q < last; q++, x += stride)
                            {
                                target[x] += line[q];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, last) whose input column q·stride - padding + v lies inside the image.</summary>
    private static (int First, int Last) ValidRange(int v, int w, int ow, int stride, int padding)
    {
        // x = q·stride - padding + v must satisfy 0 <= x < w.
        int first = Math.Max(0, (padding - v + stride - 1) / stride);
        int last = Math.Min(ow, (w - 1 + padding - v) / stride + 1);
        if (w - 1 + padding - v < 0)
        {
            last = 0;
        }
        return (first, Math.Max(first, last));
    }

    private static (int Rows, int Cols) Check(int imageLength, int columnsLength, int n, int c, int h, int w, int kh, int kw, int stride, int padding)
    {
        if (n < 0 || c < 0 || h < 1 || w < 1 || kh < 1 || kw < 1 || stride < 1 || padding < 0 || h + 2 * padding < kh || w + 2 * padding < kw)
        {
            throw new ArgumentException($"Image [{n}, {c}, {h}, {w}] with a {kh}x{kw} window, stride {stride} and padding {padding} is not a valid convolution.");
        }
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        if (imageLength < (long)n * c * h * w || columnsLength < (long)n * c * kh * kw * oh * ow)
        {
            throw new ArgumentException($"Lengths {imageLength} (image) and {columnsLength} (columns) are too short for [{n}, {c}, {h}, {w}] and its {kh}x{kw} windows.");
        }
        return (oh, ow);
    }
}
