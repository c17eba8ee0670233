using MetaDsl.Generators.Emit;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph.Ops
{
    /// <summary>
    /// Unfolds the windows of x [n, c, h, w] into columns [n, c·kh·kw, h'·w'] (row c·kh·kw + i·kw + j,
    /// column y·w' + x'), zero where the window reaches into the padding. A convolution is then one
    /// GEMM with W viewed as [o, c·kh·kw]. The op is linear, so its JVP is itself and its VJP is
    /// <see cref="Col2ImOp"/>, whose own rules lead back here: derivatives of any order stay exact.
    /// </summary>
    internal sealed class Im2ColOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Im2Col;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var x = b.ShapeOf(proto.Args[0]);
            var window = SlidingWindow.Of(proto);
            var (rows, cols) = window.OutputSize("Conv2d", x);
            return Shapes.Of(x[0], x[1].Times(Dim.Const(window.KernelSize)), Dim.Const((long)rows * cols));
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Col2Im(c.G, c.B.ShapeOf(c.Arg(0)), SlidingWindow.Of(c.Node)));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Im2Col(c.Tangent(0), SlidingWindow.Of(c.Node));

        public override void EmitCpu(CpuEmitContext c)
        {
            var x = c.ArgShape(0);
            c.Line($"global::MetaDsl.Kernels.Conv.Im2Col<T>({c.Arg(0)}, {c.Dst}, {x[0].ToCode()}, {x[1].ToCode()}, {x[2].ToCode()}, {x[3].ToCode()}, {SlidingWindow.Of(c.Node).ToCode()});");
        }

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            var x = c.ArgShape(0);
            c.Call("GroupWindows.Im2Col<T>", $"{c.Arg(0)}, {c.Dst}, {x[0].ToCode()}, {x[1].ToCode()}, {x[2].ToCode()}, {x[3].ToCode()}, {SlidingWindow.Of(c.Node).ToCode()}");
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2ColOp"/>: adds each column entry back onto the image position it
    /// was read from, giving [n, c, h, w] (the node's shape, set when it is built).
    /// </summary>
    internal sealed class Col2ImOp : OpDefinition
    {
        public override OpKind Kind => OpKind.Col2Im;

        public override bool ShapeFromProto => true;

        public override EquatableArray<Dim> InferShape(GraphBuilder b, Node proto)
        {
            var cols = b.ShapeOf(proto.Args[0]);
            var image = proto.Shape;
            var window = SlidingWindow.Of(proto);
            var (rows, width) = window.OutputSize("Col2Im", image);
            var expected = Shapes.Of(image[0], image[1].Times(Dim.Const(window.KernelSize)), Dim.Const((long)rows * width));
            if (!cols.Equals(expected)) throw GraphBuilder.Mismatch("Col2Im", cols, expected, " (the columns do not match the image and window)");
            return image;
        }

        public override void Vjp(ReverseContext c) => c.Accumulate(0, c.B.Im2Col(c.G, SlidingWindow.Of(c.Node)));

        public override int Jvp(ForwardContext c) => c.Tangent(0) < 0 ? -1 : c.B.Col2Im(c.Tangent(0), c.Node.Shape, SlidingWindow.Of(c.Node));

        public override void EmitCpu(CpuEmitContext c)
        {
            var x = c.Node.Shape;
            c.Line($"global::MetaDsl.Kernels.Conv.Col2Im<T>({c.Arg(0)}, {c.Dst}, {x[0].ToCode()}, {x[1].ToCode()}, {x[2].ToCode()}, {x[3].ToCode()}, {SlidingWindow.Of(c.Node).ToCode()});");
        }

        public override void EmitIlgpu(IlgpuEmitContext c)
        {
            var x = c.Node.Shape;
            c.Call("GroupWindows.Col2Im<T>", $"{c.Arg(0)}, {c.Dst}, {x[0].ToCode()}, {x[1].ToCode()}, {x[2].ToCode()}, {x[3].ToCode()}, {SlidingWindow.Of(c.Node).ToCode()}");
        }
    }
}
