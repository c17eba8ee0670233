using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// One SSA value of the IR: an op applied to earlier nodes, with its inferred shape. Nodes hold
    /// no source locations, so an edit that moves code but changes nothing leaves the model equal.
    /// </summary>
    /// <param name="Id">Its position in the graph; arguments always have smaller ids.</param>
    /// <param name="Op">The primitive op.</param>
    /// <param name="Args">Argument node ids.</param>
    /// <param name="Shape">The inferred shape.</param>
    internal sealed record Node(int Id, OpKind Op, EquatableArray<int> Args, EquatableArray<Dim> Shape)
    {
        /// <summary>Input or parameter index (Input, Param, ParamTangent), axis (SumAxis, ExpandAxis, Softmax, LogSoftmax, MaxGather, MaxScatter, Slice, Pad) or class count (OneHot).</summary>
        public int Index { get; init; }

        /// <summary>The value of a Const, the exponent of Pow, the slope of LeakyRelu, the lower bound of Clamp or the fill of CausalMask.</summary>
        public double Value { get; init; }

        /// <summary>The first position along the axis that Slice keeps and Pad fills.</summary>
        public int Start { get; init; }

        /// <summary>The upper bound of Clamp.</summary>
        public double Upper { get; init; }

        /// <summary>MatMul transposes its first operand.</summary>
        public bool TransA { get; init; }

        /// <summary>MatMul transposes its second operand.</summary>
        public bool TransB { get; init; }

        /// <summary>Transpose's permutation.</summary>
        public EquatableArray<int> Perm { get; init; }

        /// <summary>A sliding window's (kernel rows, kernel cols, stride, padding), for Im2Col and Col2Im.</summary>
        public EquatableArray<int> Window { get; init; }

        /// <summary>DimValue's dim, ExpandAxis's new dim, Slice's kept length or Pad's full size along its axis.</summary>
        public Dim? DimArg { get; init; }

        /// <summary>The input or parameter name, for generated code and graph export.</summary>
        public string? Name { get; init; }

        public int Arg(int position) => Args[position];
    }
}
