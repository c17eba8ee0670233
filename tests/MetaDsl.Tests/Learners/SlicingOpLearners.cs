using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

// Slice, Concat and Gather, one learner each as in OpLearners.

[Learner] public partial class OpSlice { [Param(5, 4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 5, 4)] Tensor x)
        => Sum(Square(Slice(x * P, 1, 1, 3))) + Sum(Tanh(Slice(x * P, -1, 2, 2)) * Slice(x, 2, 0, 2)) + Sum(Square(Slice(P, 0, 4, 1))); }

[Learner] public partial class OpConcat { [Param(3)] public Tensor A = null!; [Param(2)] public Tensor B = null!;
    [Loss] public Tensor Loss([Shape("n", 5)] Tensor x)
        => Sum(Square(Tanh(Concat(-1, Tanh(Slice(x, 1, 0, 3) * A), Slice(x, 1, 3, 2) * B) * x))) + Sum(Square(x * Concat(0, A, Square(B)))); }

/// <summary>An embedding lookup: rows of T picked by class-index labels.</summary>
[Learner] public partial class OpGather { [Param(3, 4)] public Tensor T = null!; [Param(4)] public Tensor P = null!;
    [Loss] public Tensor Loss([Shape("n", 4)] Tensor x, [Shape("n")] Tensor labels)
        => Sum(Square(Tanh(Gather(T, labels) * x + P))) + Sum(Gather(Tanh(T), labels) * Gather(T, labels)); }
