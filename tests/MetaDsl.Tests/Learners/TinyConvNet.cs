using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// A two-block conv net in the shape of MAML's Conv-4 ([conv 3×3 pad 1, batch norm, ReLU, 2×2 max-pool]
/// twice, then a linear head) on 1×6×6 images and 3 classes: small enough for finite differences.
/// </summary>
[Learner]
public partial class TinyConvNet
{
    [Param(3, 1, 3, 3)] public Tensor W1 = null!;
    [Param(3)] public Tensor B1 = null!;
    [Param(3, Init = Init.Constant, Value = 1)] public Tensor G1 = null!;
    [Param(3)] public Tensor Beta1 = null!;
    [Param(3, 3, 3, 3)] public Tensor W2 = null!;
    [Param(3)] public Tensor B2 = null!;
    [Param(3, Init = Init.Constant, Value = 1)] public Tensor G2 = null!;
    [Param(3)] public Tensor Beta2 = null!;
    [Param(3, 3)] public Tensor Wo = null!;
    [Param(3)] public Tensor Bo = null!;

    [Forward]
    public Tensor Logits([Shape("n", 1, 6, 6)] Tensor x)
    {
        var h = MaxPool2d(Relu(BatchNorm(Conv2d(x, W1, B1, padding: 1), G1, Beta1)), 2);
        h = MaxPool2d(Relu(BatchNorm(Conv2d(h, W2, B2, padding: 1), G2, Beta2)), 2);
        return Linear(Flatten(h), Wo, Bo);
    }

    [Loss]
    public Tensor Loss([Shape("n", 1, 6, 6)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}

/// <summary>
/// A one-block conv net whose batch-norm scale and shift are meta-parameters (learned in the outer
/// loop only) while the kernels and the head adapt, so its mixed product runs through every conv op.
/// </summary>
[Learner]
public partial class ConvMetaNormNet
{
    [Param(2, 2, 3, 3)] public Tensor W = null!;
    [Param(2)] public Tensor B = null!;
    [MetaParam(2, Init = Init.Constant, Value = 1)] public Tensor Gamma = null!;
    [MetaParam(2)] public Tensor Beta = null!;
    [Param(8, 3)] public Tensor Wo = null!;

    [Loss]
    public Tensor Loss([Shape("n", 2, 5, 5)] Tensor x, [Shape("n")] Tensor labels)
    {
        var h = MaxPool2d(Relu(BatchNorm(Conv2d(x, W, B, padding: 1), Gamma, Beta)), 2);
        return SoftmaxCrossEntropy(Linear(Flatten(h), Wo), labels);
    }
}
