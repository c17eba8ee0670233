using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// A ProtoNet embedding of 2-D points into 3 dims. ProtoNet only uses its [Forward] method (through
/// the generated pull-back); its [Loss] regresses embeddings onto targets, a loss of its own.
/// </summary>
[Learner]
public partial class PointEmbedding
{
    [Param(2, 3)] public Tensor W = null!;
    [Param(3)] public Tensor B = null!;

    [Forward]
    public Tensor Embed([Shape("n", 2)] Tensor x) => Tanh(Linear(x, W, B));

    [Loss]
    public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 3)] Tensor target) => Mse(Embed(x), target);
}
