using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// A 2-d sliding window over the last two dims of an [n, c, h, w] tensor: kernel size, stride
    /// and zero padding, and the output size they give (floor, as PyTorch). Spatial dims must be
    /// constants, because an output size (h + 2p - kh) / s + 1 is not a product of symbols.
    /// </summary>
    internal readonly struct SlidingWindow
    {
        public SlidingWindow(int kernelRows, int kernelCols, int stride, int padding)
        {
            KernelRows = kernelRows;
            KernelCols = kernelCols;
            Stride = stride;
            Padding = padding;
        }

        public int KernelRows { get; }

        public int KernelCols { get; }

        public int Stride { get; }

        public int Padding { get; }

        public int KernelSize => KernelRows * KernelCols;

        public EquatableArray<int> ToArray() => EquatableArray.Of(KernelRows, KernelCols, Stride, Padding);

        public static SlidingWindow Of(Node node) => new SlidingWindow(node.Window[0], node.Window[1], node.Window[2], node.Window[3]);

        /// <summary>The output (rows, cols) over an image of <paramref name="shape"/> [n, c, h, w]; throws a user error when the window does not fit.</summary>
        public (int Rows, int Cols) OutputSize(string op, EquatableArray<Dim> shape)
        {
            if (shape.Count != 4)
                throw new GraphException(Descriptors.InvalidOpArgument, op, $"x {Shapes.Format(shape)} has rank {shape.Count}; it must be [n, c, h, w]");
            if (KernelRows < 1 || KernelCols < 1 || Stride < 1 || Padding < 0)
                throw new GraphException(Descriptors.InvalidOpArgument, op, $"kernel {KernelRows}x{KernelCols}, stride {Stride} and padding {Padding} must be positive (padding non-negative)");
            var h = shape[2];
            var w = shape[3];
            if (!h.IsConstant || !w.IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, op, $"the spatial dims of x {Shapes.Format(shape)} must be constants");
            long paddedRows = h.Coefficient + 2L * Padding, paddedCols = w.Coefficient + 2L * Padding;
            if (paddedRows < KernelRows || paddedCols < KernelCols)
                throw new GraphException(Descriptors.InvalidOpArgument, op,
                    $"the {KernelRows}x{KernelCols} window is larger than the padded input {paddedRows}x{paddedCols} of x {Shapes.Format(shape)}");
            return ((int)((paddedRows - KernelRows) / Stride + 1), (int)((paddedCols - KernelCols) / Stride + 1));
        }

        /// <summary>"kh, kw, stride, padding" as kernel arguments.</summary>
        public string ToCode() => $"{KernelRows}, {KernelCols}, {Stride}, {Padding}";
    }
}
