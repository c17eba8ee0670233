using System;
using System.Collections.Generic;
using System.Linq;
using MetaDsl.Generators.Diagnostics;
using MetaDsl.Generators.Graph.Ops;
using MetaDsl.Generators.Model;

namespace MetaDsl.Generators.Graph
{
    /// <summary>
    /// Appends nodes to an SSA graph. Every node is shape-checked when created, structurally
    /// identical nodes are created once (common-subexpression elimination for free, also across
    /// derivative transforms), and local identities (x + 0, x * 1, constant arithmetic, no-op
    /// reshapes and reductions) fold away as nodes are built.
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        private readonly List<Node> _nodes = new List<Node>();

        /// <summary>
        /// Node ids by proto (id -1, the scalar shape unless <see cref="OpDefinition.ShapeFromProto"/>):
        /// a node built twice is found before its shape is inferred again, and interning allocates nothing.
        /// </summary>
        private readonly Dictionary<Node, int> _interned;

        private readonly System.Threading.CancellationToken _cancellationToken;

        /// <param name="cancellationToken">Observed at every node, so stale work on a large program stops when the IDE moves on.</param>
        public GraphBuilder(System.Threading.CancellationToken cancellationToken = default)
        {
            _cancellationToken = cancellationToken;
            _interned = new Dictionary<Node, int>();
        }

        /// <summary>Continues an existing graph (ids must equal positions).</summary>
        public GraphBuilder(IEnumerable<Node> nodes, System.Threading.CancellationToken cancellationToken = default)
        {
            _cancellationToken = cancellationToken;
            _interned = new Dictionary<Node, int>();
            foreach (var node in nodes)
            {
                _interned[OpTable.Get(node.Op).ShapeFromProto ? node with { Id = -1 } : node with { Id = -1, Shape = Shapes.Scalar }] = node.Id;
                _nodes.Add(node);
            }
        }

        private GraphBuilder(GraphBuilder source)
        {
            _cancellationToken = source._cancellationToken;
            _nodes.AddRange(source._nodes);
            // Copying a dictionary with the same comparer keeps its stored hash codes: no node is hashed again.
            _interned = new Dictionary<Node, int>(source._interned);
        }

        /// <summary>An independent builder holding this graph, without re-interning its nodes: the derived programs all continue the gradient graph.</summary>
        public GraphBuilder Fork() => new GraphBuilder(this);

        public IReadOnlyList<Node> Nodes => _nodes;

        public Node this[int id] => _nodes[id];

        public EquatableArray<Dim> ShapeOf(int id) => _nodes[id].Shape;

        public GraphSpec ToSpec(int output) => new GraphSpec(_nodes.ToEquatableArray(), output);

        /// <summary>
        /// Shape-checks and interns a node. <paramref name="proto"/> has id -1, and the scalar shape unless
        /// its op takes the shape from the proto (<see cref="OpDefinition.ShapeFromProto"/>).
        /// </summary>
        public int Create(Node proto)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var op = OpTable.Get(proto.Op);
            if (proto.Id != -1 || (!op.ShapeFromProto && proto.Shape.Count != 0))
                throw new InvalidOperationException($"a {op.Name} proto must have id -1{(op.ShapeFromProto ? "" : " and the scalar shape")}");
            if (_interned.TryGetValue(proto, out var existing)) return existing;
            var node = proto with { Id = _nodes.Count, Shape = op.InferShape(this, proto) };
            _nodes.Add(node);
            _interned[proto] = node.Id;
            return node.Id;
        }

        private int Make(OpKind op, params int[] args) => Create(new Node(-1, op, EquatableArray.Of(args), Shapes.Scalar));

        public bool IsConst(int id, out double value)
        {
            var n = _nodes[id];
            value = n.Value;
            return n.Op == OpKind.Const;
        }

        public bool IsConst(int id, double value) => IsConst(id, out var v) && v == value;

        // ---- sources ----

        public int Input(int index, string name, EquatableArray<Dim> shape)
            => Create(new Node(-1, OpKind.Input, EquatableArray<int>.Empty, shape) { Index = index, Name = name });

        public int Param(int index, string name, EquatableArray<Dim> shape)
            => Create(new Node(-1, OpKind.Param, EquatableArray<int>.Empty, shape) { Index = index, Name = name });

        /// <summary>The direction <c>v</c> of a Hessian-vector product, restricted to one parameter.</summary>
        public int ParamTangent(int index, string name, EquatableArray<Dim> shape)
            => Create(new Node(-1, OpKind.ParamTangent, EquatableArray<int>.Empty, shape) { Index = index, Name = name });

        public int Const(double value)
            => Create(new Node(-1, OpKind.Const, EquatableArray<int>.Empty, Shapes.Scalar) { Value = value });

        /// <summary>A scalar holding a dim's run-time value (a count to divide by in a mean).</summary>
        public int DimValue(Dim dim)
            => dim.IsConstant ? Const(dim.Coefficient) : Create(new Node(-1, OpKind.DimValue, EquatableArray<int>.Empty, Shapes.Scalar) { DimArg = dim });

        public int OneHot(int labels, int classes)
            => Create(new Node(-1, OpKind.OneHot, EquatableArray.Of(labels), Shapes.Scalar) { Index = classes });

        // ---- element-wise ----

        public int Add(int a, int b)
        {
            if (IsConst(a, out var x) && IsConst(b, out var y)) return Const(x + y);
            if (IsConst(b, 0) ) return a;
            if (IsConst(a, 0)) return b;
            return BinaryNode(OpKind.Add, a, b);
        }

        public int Sub(int a, int b)
        {
            if (IsConst(a, out var x) && IsConst(b, out var y)) return Const(x - y);
            if (IsConst(b, 0)) return a;
            if (IsConst(a, 0)) return Neg(b);
            if (a == b) return Broadcast(Const(0), ShapeOf(a));
            return BinaryNode(OpKind.Sub, a, b);
        }

        public int Mul(int a, int b)
        {
            if (IsConst(a, out var x) && IsConst(b, out var y)) return Const(x * y);
            if (IsConst(b, 1)) return a;
            if (IsConst(a, 1)) return b;
            if (IsConst(a, -1)) return Neg(b);
            if (IsConst(b, -1)) return Neg(a);
            if (_nodes[b].Op == OpKind.Const) return Make(OpKind.Mul, b, a);
            return BinaryNode(OpKind.Mul, a, b);
        }

        public int Div(int a, int b)
        {
            if (IsConst(a, out var x) && IsConst(b, out var y) && y != 0) return Const(x / y);
            if (IsConst(b, 1)) return a;
            if (IsConst(b, out var c) && c != 0) return Mul(Const(1.0 / c), a);
            return BinaryNode(OpKind.Div, a, b);
        }

        public int Neg(int a)
        {
            if (IsConst(a, out var x)) return Const(-x);
            if (_nodes[a].Op == OpKind.Neg) return _nodes[a].Args[0];
            return Make(OpKind.Neg, a);
        }

        public int Unary(OpKind op, int a)
        {
            if (op == OpKind.Neg) return Neg(a);
            if (IsConst(a, out var x) && UnaryOps.Fold(op, x) is double folded) return Const(folded);
            return Make(op, a);
        }

        // ---- reductions and broadcasts ----

        public int Sum(int a) => ShapeOf(a).Count == 0 ? a : Make(OpKind.Sum, a);

        public int SumAxis(int a, int axis)
            => Create(new Node(-1, OpKind.SumAxis, EquatableArray.Of(a), Shapes.Scalar) { Index = axis });

        public int ExpandAxis(int a, int axis, Dim size)
            => Create(new Node(-1, OpKind.ExpandAxis, EquatableArray.Of(a), Shapes.Scalar) { Index = axis, DimArg = size });

        /// <summary>Sums <paramref name="a"/> down to <paramref name="shape"/>, a trailing part of its shape (the adjoint of a broadcast).</summary>
        public int SumTo(int a, EquatableArray<Dim> shape)
            => ShapeOf(a).Equals(shape) ? a : Create(new Node(-1, OpKind.SumTo, EquatableArray.Of(a), shape));

        /// <summary>Repeats <paramref name="a"/> (a trailing part of <paramref name="shape"/>, or a scalar) to fill <paramref name="shape"/>.</summary>
        public int Broadcast(int a, EquatableArray<Dim> shape)
            => ShapeOf(a).Equals(shape) ? a : Create(new Node(-1, OpKind.BroadcastTo, EquatableArray.Of(a), shape));

        // ---- linear algebra, softmax, layout ----

        public int MatMul(int a, int b, bool transA = false, bool transB = false)
            => Create(new Node(-1, OpKind.MatMul, EquatableArray.Of(a, b), Shapes.Scalar) { TransA = transA, TransB = transB });

        public int Softmax(int a, int axis)
            => Create(new Node(-1, OpKind.Softmax, EquatableArray.Of(a), Shapes.Scalar) { Index = axis });

        public int LogSoftmax(int a, int axis)
            => Create(new Node(-1, OpKind.LogSoftmax, EquatableArray.Of(a), Shapes.Scalar) { Index = axis });

        public int Reshape(int a, EquatableArray<Dim> shape)
        {
            if (ShapeOf(a).Equals(shape)) return a;
            if (_nodes[a].Op == OpKind.Reshape) a = _nodes[a].Args[0];
            if (ShapeOf(a).Equals(shape)) return a;
            return Create(new Node(-1, OpKind.Reshape, EquatableArray.Of(a), shape));
        }

        public int Transpose(int a, IReadOnlyList<int> permutation)
        {
            bool identity = true;
            for (int i = 0; i < permutation.Count; i++) identity &= permutation[i] == i;
            if (identity && permutation.Count == ShapeOf(a).Count) return a;
            return Create(new Node(-1, OpKind.Transpose, EquatableArray.Of(a), Shapes.Scalar) { Perm = permutation.ToEquatableArray() });
        }

        /// <summary>The permutation that swaps the last two dims of a tensor of <paramref name="rank"/>.</summary>
        public static int[] SwapLastTwo(int rank)
        {
            var perm = Enumerable.Range(0, rank).ToArray();
            if (rank >= 2)
            {
                perm[rank - 1] = rank - 2;
                perm[rank - 2] = rank - 1;
            }
            return perm;
        }

        internal static GraphException Mismatch(string op, EquatableArray<Dim> a, EquatableArray<Dim> b, string detail)
            => new GraphException(Descriptors.ShapeMismatch, op, Shapes.Format(a), Shapes.Format(b), detail);
    }
}
