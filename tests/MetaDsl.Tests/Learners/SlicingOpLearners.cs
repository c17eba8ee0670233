using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// Slice, indexing, Concat and Gather, one learner each as in OpLearners.

[Learner] public partial class OpSlice { [Param(5, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 5, 4)] Tensor x)
        => Sum(Square(Slice(x * P, 1, 1, 3))) + Sum(Tanh(Slice(x * P, -1, 2, 2)) * Slice(x, 2, 0, 2)) + Sum(Square(Slice(P, 0, 4, 1))); }

/// <summary>A stacked parameter indexed in a loop (<c>W[i]</c>), a vector indexed to a scalar, and an input indexed on a constant axis.</summary>
[Learner] public partial class OpIndex { [Param(3, 4, 4)] public Tensor W = null!; [Param(3)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape(2, "n", 4)] Tensor x)
    {
        var h = x[0];
        for (int i = 0; i < 3; i++) h = Tanh(MatMul(h, W[i]) + B[i]);
        return Sum(Square(h * x[1])) + Sum(W[2][1] * B[0]);
    } }

[Learner] public partial class OpConcat { [Param(3)] public Tensor A = null!; [Param(2)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape("n", 5)] Tensor x)
        => Sum(Square(Tanh(Concat(-1, Tanh(Slice(x, 1, 0, 3) * A), Slice(x, 1, 3, 2) * B) * x))) + Sum(Square(x * Concat(0, A, Square(B)))); }

/// <summary>An embedding lookup: rows of T picked by class-index labels.</summary>
[Learner] public partial class OpGather { [Param(3, 4)] public Tensor T = null!; [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x, [Shape("n")] Tensor labels)
        => Sum(Square(Tanh(Gather(T, labels) * x + P))) + Sum(Gather(Tanh(T), labels) * Gather(T, labels)); }

/// <summary>
/// Rank-6 tensors: size-1 broadcasting of a rank-5 parameter, a rank-6 transpose, a product batched over
/// four dims, a softmax and a keep-dim reduction.
/// </summary>
[Learner] public partial class OpRank6 { [Param(1, 3, 1, 3, 2)] public Tensor P = null!; [Param(2, 4)] public Tensor W = null!;
    [Loss] public Tensor Loss([Shape("n", 2, 3, 2, 3, 2)] Tensor x)
    {
        var t = Transpose(Tanh(x * P), 0, 4, 1, 5, 2, 3);
        var s = Softmax(MatMul(t, W));
        return Sum(Square(s * Sum(s, 3, keepDims: true) + Slice(t, 5, 0, 1)));
    } }

/// <summary>Symbolic dims read as numbers: a mean over the sequence written as a sum divided by its run-time length.</summary>
[Learner] public partial class OpDimNumbers { [Param(3, 2)] public Tensor W = null!;
    [Loss] public Tensor Loss([Shape("n", "t", 3)] Tensor x)
    {
        int t = x.Shape[1];
        double scale = 1.0 / (x.Shape[0] * t);
        var h = Tanh(MatMul(x, W));
        return Sum(Square(Sum(h, 1) / t)) * scale + Sum(h) / x.Length + x.Rank * Sum(Square(W)) / x.Shape[2];
    } }

/// <summary>One-hot targets beside a prediction, as a learned loss over classes reads them.</summary>
[Learner] public partial class OpOneHot { [Param(3)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 3)] Tensor x, [Shape("n")] Tensor labels)
        => Sum(Square(Tanh(x * P) - OneHot(labels, 3))) + Sum(Softmax(x * P) * OneHot(labels, 3) * P); }
