using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph.Ops;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// Convolution, pooling, batch norm and flatten in PyTorch's layouts, lowered to primitives
    /// that all have JVP and VJP rules (Im2Col, Col2Im, MatMul, MaxGather, MaxScatter, reductions),
    /// so their derivatives of every order are exact.
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        public int Im2Col(int x, SlidingWindow window)
            => Create(new Node(-1, OpKind.Im2Col, EquatableArray.Of(x), Shapes.Scalar) { Window = window.ToArray() });

        public int Col2Im(int columns, EquatableArray<Dim> image, SlidingWindow window)
            => Create(new Node(-1, OpKind.Col2Im, EquatableArray.Of(columns), image) { Window = window.ToArray() });

        public int MaxGather(int selector, int values, int axis)
            => Create(new Node(-1, OpKind.MaxGather, EquatableArray.Of(selector, values), Shapes.Scalar) { Index = axis });

        public int MaxScatter(int selector, int values, int axis)
            => Create(new Node(-1, OpKind.MaxScatter, EquatableArray.Of(selector, values), Shapes.Scalar) { Index = axis });

        /// <summary>x [n, c, h, w] ⋆ W [o, c, kh, kw] (+ b [o]) → [n, o, h', w'], as one GEMM of W [o, c·kh·kw] with the unfolded windows.</summary>
        public int Conv2d(int x, int w, int? bias, int stride, int padding)
        {
            var xs = ShapeOf(x);
            var ws = ShapeOf(w);
            if (xs.Count != 4)
                throw new GraphException(Descriptors.InvalidOpArgument, "Conv2d", $"x {Shapes.Format(xs)} has rank {xs.Count}; it must be [n, c, h, w]");
            if (ws.Count != 4)
                throw new GraphException(Descriptors.InvalidOpArgument, "Conv2d", $"W {Shapes.Format(ws)} has rank {ws.Count}; it must be [o, c, kh, kw]");
            if (!xs[1].Equals(ws[1]))
                throw Mismatch("Conv2d", xs, ws, $" (x has {xs[1]} channels but W expects {ws[1]})");
            if (!ws[2].IsConstant || !ws[3].IsConstant)
                throw new GraphException(Descriptors.InvalidOpArgument, "Conv2d", $"the kernel dims of W {Shapes.Format(ws)} must be constants");
            var window = new SlidingWindow((int)ws[2].Coefficient, (int)ws[3].Coefficient, stride, padding);
            var (rows, cols) = window.OutputSize("Conv2d", xs);
            var outputs = ws[0];
            var pixels = Dim.Const((long)rows * cols);
            if (bias is int b && !ShapeOf(b).Equals(Shapes.Of(outputs)))
                throw Mismatch("Conv2d", ShapeOf(b), ws, $" (the bias must be [{outputs}], one value per output channel of W)");

            // A 1×1 window with stride 1 and no padding unfolds to the image itself.
            int unfolded = window.KernelSize == 1 && stride == 1 && padding == 0
                ? Reshape(x, Shapes.Of(xs[0], xs[1], pixels))
                : Im2Col(x, window);
            var y = MatMul(Reshape(w, Shapes.Of(outputs, Shapes.Product(ws, 1, 4))), unfolded);
            if (bias is int bb) y = Add(y, ExpandAxis(bb, 1, pixels));
            return Reshape(y, Shapes.Of(xs[0], outputs, Dim.Const(rows), Dim.Const(cols)));
        }

        /// <summary>The largest value of each kernel×kernel window (no padding, floor sizes).</summary>
        public int MaxPool2d(int x, int kernel, int stride)
        {
            var (windows, shape) = Windows("MaxPool2d", x, kernel, stride);
            return Reshape(MaxGather(windows, windows, 2), shape);
        }

        /// <summary>The mean of each kernel×kernel window (no padding, floor sizes).</summary>
        public int AvgPool2d(int x, int kernel, int stride)
        {
            var (windows, shape) = Windows("AvgPool2d", x, kernel, stride);
            return Reshape(Mul(Const(1.0 / ((double)kernel * kernel)), SumAxis(windows, 2)), shape);
        }

        /// <summary>The windows of x [n, c, h, w] as [n, c, kernel², h'·w'], and the pooled shape [n, c, h', w'].</summary>
        private (int Windows, EquatableArray<Dim> Pooled) Windows(string op, int x, int kernel, int stride)
        {
            var xs = ShapeOf(x);
            var window = new SlidingWindow(kernel, kernel, stride, 0);
            var (rows, cols) = window.OutputSize(op, xs);
            var pixels = Dim.Const((long)rows * cols);
            var windows = Reshape(Im2Col(x, window), Shapes.Of(xs[0], xs[1], Dim.Const(window.KernelSize), pixels));
            return (windows, Shapes.Of(xs[0], xs[1], Dim.Const(rows), Dim.Const(cols)));
        }

        /// <summary>
        /// Batch norm with the batch's own statistics per channel (axis 1; biased variance), as MAML
        /// uses it: gamma · (x - mean) / sqrt(var + eps) + beta. The per-channel 1/sqrt is exp(-log/2)
        /// on c values, so no new primitive is needed and its derivatives are those of exp and log.
        /// </summary>
        public int BatchNorm(int x, int gamma, int beta, double eps)
        {
            var xs = ShapeOf(x);
            if (xs.Count != 2 && xs.Count != 4)
                throw new GraphException(Descriptors.InvalidOpArgument, "BatchNorm", $"x {Shapes.Format(xs)} has rank {xs.Count}; it must be [n, c] or [n, c, h, w]");
            if (!(eps > 0)) throw new GraphException(Descriptors.InvalidOpArgument, "BatchNorm", $"eps {eps} must be positive");
            var channels = Shapes.Of(xs[1]);
            if (!ShapeOf(gamma).Equals(channels))
                throw Mismatch("BatchNorm", xs, ShapeOf(gamma), $" (gamma must be [{xs[1]}], one value per channel of x)");
            if (!ShapeOf(beta).Equals(channels))
                throw Mismatch("BatchNorm", xs, ShapeOf(beta), $" (beta must be [{xs[1]}], one value per channel of x)");

            var pixels = Shapes.Product(xs, 2, xs.Count);
            var count = xs[0].Times(pixels);
            var x3 = Reshape(x, Shapes.Of(xs[0], xs[1], pixels));
            var mean = DivideByCount(SumAxis(SumAxis(x3, 2), 0), count);
            var centered = Sub(x3, ExpandAxis(mean, 1, pixels));
            var variance = DivideByCount(SumAxis(SumAxis(Unary(OpKind.Square, centered), 2), 0), count);
            var inverse = Unary(OpKind.Exp, Mul(Const(-0.5), Unary(OpKind.Log, Add(variance, Const(eps)))));
            var scaled = Mul(centered, ExpandAxis(Mul(inverse, gamma), 1, pixels));
            return Reshape(Add(scaled, ExpandAxis(beta, 1, pixels)), xs);
        }

        /// <summary>[n, …] → [n, product of the rest].</summary>
        public int Flatten(int x)
        {
            var xs = ShapeOf(x);
            if (xs.Count < 2)
                throw new GraphException(Descriptors.InvalidOpArgument, "Flatten", $"x {Shapes.Format(xs)} has rank {xs.Count}; it must be [n, …] with rank 2 or more");
            return Reshape(x, Shapes.Of(xs[0], Shapes.Product(xs, 1, xs.Count)));
        }
    }
}
